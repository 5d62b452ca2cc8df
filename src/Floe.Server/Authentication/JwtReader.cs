using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Authentication;

/// <summary>
/// Reads a compact JWT without validating it, for a look at its header or claims before the real check.
/// Whatever a client sends, the answer is a token or <c>null</c>, never an exception: the handler throws
/// <see cref="ArgumentException"/>, <see cref="FormatException"/> (a part that is not base64url, as in a
/// five-part JWE form) or <see cref="SecurityTokenException"/> for malformed input.
/// </summary>
internal static class JwtReader
{
    public static JsonWebToken? TryRead(JsonWebTokenHandler handler, string encoded)
    {
        try
        {
            return handler.CanReadToken(encoded) ? handler.ReadJsonWebToken(encoded) : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or SecurityTokenException)
        {
            return null;
        }
    }
}
