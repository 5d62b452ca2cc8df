using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Floe.Server.Authentication;

/// <summary>
/// The user name and secret of an <c>Authorization: Basic</c> header. For the user
/// <c>0sessiontoken</c> the secret is a session token, bare or inside the JSON
/// <c>{"token":"…",…}</c> that <c>floe spcs image-registry token --format json</c> prints.
/// </summary>
internal sealed record BasicCredentials(string Username, string Secret)
{
    public const string SessionTokenUser = "0sessiontoken";

    /// <summary>The largest header decoded: far above any real credentials, far below anything costly.</summary>
    private const int MaxEncodedLength = 16 * 1024;

    public bool IsSessionToken => string.Equals(Username, SessionTokenUser, StringComparison.Ordinal);

    /// <summary>The credentials of the header, or <c>null</c> when it is missing or not well-formed Basic.</summary>
    public static BasicCredentials? Parse(string? authorization)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string encoded = authorization[scheme.Length..].Trim();
        if (encoded.Length > MaxEncodedLength || !Base64.IsValid(encoded, out int length))
        {
            return null;
        }

        byte[] bytes = new byte[length];
        if (!Convert.TryFromBase64String(encoded, bytes, out int written))
        {
            return null;
        }

        string decoded = Encoding.UTF8.GetString(bytes, 0, written);
        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1)
        {
            return null;
        }

        return From(decoded[..colon], decoded[(colon + 1)..]);
    }

    /// <summary>A user name and secret from elsewhere (an OAuth2 form), with the session-token forms unwrapped.</summary>
    public static BasicCredentials? From(string username, string secret)
    {
        BasicCredentials credentials = new(username, secret);
        return credentials.IsSessionToken ? credentials.WithBareSessionToken() : credentials;
    }

    /// <summary>The session token out of the JSON form, or the secret as it is.</summary>
    private BasicCredentials? WithBareSessionToken()
    {
        string secret = Secret.Trim();
        if (!secret.StartsWith('{'))
        {
            return this with { Secret = secret };
        }

        try
        {
            using JsonDocument json = JsonDocument.Parse(secret, new JsonDocumentOptions { MaxDepth = 4 });
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("token", out JsonElement token)
                && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } value
                ? this with { Secret = value }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
