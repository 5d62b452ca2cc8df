using System.Security.Cryptography;
using System.Text;
using Floe.Core.Metadata;
using Floe.Core.Security;
using Floe.Metadata.Sqlite;
using Floe.Server.Authentication;
using Floe.Server.Tenancy;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Fuzz;

/// <summary>
/// The bearer token of a <c>/v2/</c> request, checked by the real validator against the real signing keys
/// of a SQLite metadata store. The first byte picks the form: odd, the rest is the token as sent; even,
/// the rest is a token payload that the harness signs with the deployment's current key, so the claims
/// reader sees every payload the fuzzer can build, not only those that fail the signature check. A token
/// that validates is for the account it was checked against and carries only well-formed scopes.
/// </summary>
internal static class RegistryTokenTarget
{
    private static readonly Lazy<Deployment> Shared = new(Deployment.Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void Run(byte[] input)
    {
        Deployment deployment = Shared.Value;
        string token;
        if (input.Length > 0 && input[0] % 2 == 1)
        {
            token = FuzzTargets.Text(input.AsSpan(1));
        }
        else
        {
            token = deployment.Sign(input.Length == 0 ? [] : input.AsSpan(1));
        }

        ValidatedRegistryToken? validated = deployment.Validator
            .ValidateAsync(deployment.Account, "Bearer " + token, CancellationToken.None).GetAwaiter().GetResult();
        if (validated is null)
        {
            return;
        }

        FuzzTargets.Require(validated.Principal.AccountId == deployment.Account.Id, "a token for another account validated");
        foreach (RegistryScope scope in validated.Access)
        {
            FuzzTargets.Require(scope.Type.Length > 0 && scope.Name.Length > 0, $"access entry '{scope}' is missing its type or name");
        }
    }

    /// <summary>One account of a metadata store in a scratch folder, and the validator of its tokens.</summary>
    private sealed class Deployment
    {
        private readonly RegistryTokenKeys _keys;

        private Deployment(RegistryTokenKeys keys, RegistryTokenValidator validator, AccountRecord account)
        {
            _keys = keys;
            Validator = validator;
            Account = account;
        }

        public RegistryTokenValidator Validator { get; }

        public AccountRecord Account { get; }

        public static Deployment Create()
        {
            string directory = Directory.CreateTempSubdirectory("floe-fuzz-token-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
            SqliteMetadataStore store = new(new SqliteMetadataOptions { DatabasePath = Path.Combine(directory, "floe.db") }, TimeProvider.System);
            store.MigrateAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            AccountRecord account = store.EnsureAccountAsync("DEV", CancellationToken.None).GetAwaiter().GetResult();
            TokenOptions options = new();
            RegistryTokenKeys keys = new(store, TimeProvider.System, options);
            RegistryTokenIssuer issuer = new(
                keys, new RegistryDecisions(new Authorizer(store), store), new AccountResolver(store, new TenancyOptions(), TimeProvider.System), TimeProvider.System, options);
            return new Deployment(keys, new RegistryTokenValidator(keys, issuer, TimeProvider.System), account);
        }

        /// <summary>A compact ES256 JWS of <paramref name="payload"/>, signed with the current signing key.</summary>
        public string Sign(ReadOnlySpan<byte> payload)
        {
            ECDsaSecurityKey key = _keys.CurrentAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().Signing;
            string header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes($$"""{"alg":"ES256","typ":"JWT","kid":"{{key.KeyId}}"}"""));
            string signingInput = header + "." + Base64UrlEncoder.Encode(payload.ToArray());
            byte[] signature = key.ECDsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
            return signingInput + "." + Base64UrlEncoder.Encode(signature);
        }
    }
}
