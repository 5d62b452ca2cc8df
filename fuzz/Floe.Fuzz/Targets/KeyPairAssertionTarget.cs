using System.Text;
using Floe.Server.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Fuzz;

/// <summary>
/// A key-pair login's JWT, read before its signature is checked. The first byte picks the form: odd, the
/// rest is the assertion as sent; even, the rest is the payload of an RS256 JWT the harness assembles
/// around it, so the claims reader sees payloads the fuzzer would rarely build in base64url. An assertion
/// that reads names an account, a user and a key fingerprint.
/// </summary>
internal static class KeyPairAssertionTarget
{
    private static readonly string Header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT"}"""));

    public static void Run(byte[] input)
    {
        string assertion = input.Length > 0 && input[0] % 2 == 1
            ? FuzzTargets.Text(input.AsSpan(1))
            : Header + "." + Base64UrlEncoder.Encode(input.Length == 0 ? [] : input[1..]) + ".c2lnbmF0dXJl";
        if (KeyPairAssertion.TryRead(assertion) is not { } claims)
        {
            return;
        }

        FuzzTargets.Require(claims.AccountQualifier.Length > 0 && claims.User.Length > 0, $"claims without an account or a user: {claims}");
        FuzzTargets.Require(claims.Fingerprint.StartsWith("SHA256:", StringComparison.Ordinal), $"fingerprint '{claims.Fingerprint}'");
        _ = claims.Names("LOCAL", "DEV");
    }
}
