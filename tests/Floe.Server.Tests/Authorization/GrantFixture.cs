using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Floe.Core.Content;
using Floe.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Floe.Server.Tests.Authorization;

/// <summary>
/// One registry with authentication on, set up once for the permission matrix: per cell (privilege ×
/// user type) a repository holding an image and a referrer, a role holding the privilege on it (plus
/// USAGE on <c>db</c> and <c>db.sch</c>, and WRITE on the mount target <c>db.sch.target</c>), and a user
/// with that role — a PERSON with a password, or a SERVICE user with a programmatic access token.
/// Grant-path scenarios (no USAGE, hierarchy, PUBLIC, role restriction) get their own databases so they
/// cannot leak into the cells.
/// </summary>
public sealed class GrantFixture : IAsyncLifetime
{
    public const string Password = "pw-matrix-12345";
    public const string Host = RegistryHost.AccountHost;
    public const string TargetImage = "db/sch/target/img";

    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CellImage> _images = new(StringComparer.Ordinal);
    private string _admin = null!;

    public RegistryHost Registry { get; private set; } = null!;

    public HttpClient Client => Registry.RawClient;

    public async Task InitializeAsync()
    {
        Registry = await RegistryHost.StartAsync(s => s["RequireAuthentication"] = "true");
        _admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, Host);
        await Registry.CreateRepositoryAsync("db/sch/target");
        foreach (MatrixCell cell in MatrixCell.All)
        {
            await SetUpCellAsync(cell);
        }

        await SetUpGrantPathsAsync();
    }

    public async Task DisposeAsync() => await Registry.DisposeAsync();

    /// <summary>The image pushed into a repository at setup: its name, manifest, layer and referrer.</summary>
    public CellImage ImageOf(string repository) => _images[repository];

    /// <summary>The password (PERSON) or the PAT secret (SERVICE, or a named PAT) the user logs in with.</summary>
    public string SecretOf(string user) => _secrets.GetValueOrDefault(user, Password);

    /// <summary>A registry token from <c>GET /oauth/token</c>, and its decoded <c>access</c> claim.</summary>
    public async Task<(string Token, string[] Access)> TokenAsync(string user, params string[] scopes) =>
        await TokenWithSecretAsync(user, SecretOf(user), scopes);

    public async Task<(string Token, string[] Access)> TokenWithSecretAsync(string user, string secret, params string[] scopes)
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync(user, secret, scopes)).TokenBodyAsync();
        string token = body.GetProperty("token").GetString()!;
        return (token, new JsonWebToken(token).Access());
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null, string host = Host)
    {
        using HttpRequestMessage request = new(method, path) { Content = content };
        request.Headers.Host = host;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request);
    }

    public async Task<JsonElement> AdminSqlAsync(string sql) => await Client.SqlOkAsync(_admin, sql, Host);

    private async Task SetUpCellAsync(MatrixCell cell)
    {
        string role = "r_" + cell.Id;
        string user = "u_" + cell.Id;
        await Registry.CreateRepositoryAsync($"db/sch/{cell.Id}");
        await PushImageAsync(cell.Image, cell.Id);
        string grant = cell.Privilege switch
        {
            null => string.Empty,
            "OWNERSHIP" => $"GRANT OWNERSHIP ON IMAGE REPOSITORY db.sch.{cell.Id} TO ROLE {role};",
            string privilege => $"GRANT {privilege} ON IMAGE REPOSITORY db.sch.{cell.Id} TO ROLE {role};",
        };
        string credential = cell.Service ? "TYPE = SERVICE" : $"TYPE = PERSON PASSWORD = '{Password}'";
        await AdminSqlAsync(
            $"CREATE ROLE {role}; GRANT USAGE ON DATABASE db TO ROLE {role}; GRANT USAGE ON SCHEMA db.sch TO ROLE {role}; " +
            $"{grant} GRANT WRITE ON IMAGE REPOSITORY db.sch.target TO ROLE {role}; " +
            $"CREATE USER {user} {credential}; GRANT ROLE {role} TO USER {user};");
        if (cell.Service)
        {
            await AddTokenAsync(user, user, "matrix_pat", restriction: null);
        }
    }

    /// <summary>
    /// <c>gp_nodbusage</c>/<c>gp_noschusage</c>: READ without USAGE on the database or the schema;
    /// <c>gp_owner</c>: OWNERSHIP without any USAGE; <c>gp_nested</c>: READ two roles down the hierarchy;
    /// <c>gp_public</c>: READ and USAGE granted to PUBLIC only (for <c>u_none_person</c>, who holds nothing);
    /// <c>gp_restricted</c>: READ through one role, WRITE through another, and a PAT restricted to a role
    /// above the reader; <c>gp_containers</c>: READ, and OWNERSHIP (so USAGE) of the database and schema.
    /// </summary>
    private async Task SetUpGrantPathsAsync()
    {
        foreach (string repository in new[] { "nodb/sch/repo", "nosch/sch/repo", "owned/sch/repo", "nested/sch/repo", "pub/sch/repo", "restr/sch/repo", "ownc/sch/repo" })
        {
            await Registry.CreateRepositoryAsync(repository);
            await PushImageAsync(repository + "/img", repository.Split('/')[0]);
        }

        await AdminSqlAsync(
            "CREATE ROLE gp_nodb; GRANT USAGE ON SCHEMA nodb.sch TO ROLE gp_nodb; GRANT READ ON IMAGE REPOSITORY nodb.sch.repo TO ROLE gp_nodb; " +
            "CREATE USER gp_nodbusage PASSWORD = '" + Password + "'; GRANT ROLE gp_nodb TO USER gp_nodbusage; " +
            "CREATE ROLE gp_nosch; GRANT USAGE ON DATABASE nosch TO ROLE gp_nosch; GRANT READ ON IMAGE REPOSITORY nosch.sch.repo TO ROLE gp_nosch; " +
            "CREATE USER gp_noschusage PASSWORD = '" + Password + "'; GRANT ROLE gp_nosch TO USER gp_noschusage; " +
            "CREATE ROLE gp_own; GRANT OWNERSHIP ON IMAGE REPOSITORY owned.sch.repo TO ROLE gp_own; " +
            "CREATE USER gp_owner PASSWORD = '" + Password + "'; GRANT ROLE gp_own TO USER gp_owner; " +
            "CREATE ROLE gp_child; CREATE ROLE gp_middle; CREATE ROLE gp_parent; " +
            "GRANT USAGE ON DATABASE nested TO ROLE gp_child; GRANT USAGE ON SCHEMA nested.sch TO ROLE gp_child; " +
            "GRANT READ ON IMAGE REPOSITORY nested.sch.repo TO ROLE gp_child; " +
            "GRANT ROLE gp_child TO ROLE gp_middle; GRANT ROLE gp_middle TO ROLE gp_parent; " +
            "CREATE USER gp_nested PASSWORD = '" + Password + "'; GRANT ROLE gp_parent TO USER gp_nested; " +
            "GRANT USAGE ON DATABASE pub TO ROLE PUBLIC; GRANT USAGE ON SCHEMA pub.sch TO ROLE PUBLIC; " +
            "GRANT READ ON IMAGE REPOSITORY pub.sch.repo TO ROLE PUBLIC; " +
            "CREATE ROLE gp_reader; CREATE ROLE gp_writer; CREATE ROLE gp_top; " +
            "GRANT USAGE ON DATABASE restr TO ROLE gp_reader; GRANT USAGE ON SCHEMA restr.sch TO ROLE gp_reader; " +
            "GRANT READ ON IMAGE REPOSITORY restr.sch.repo TO ROLE gp_reader; " +
            "GRANT USAGE ON DATABASE restr TO ROLE gp_writer; GRANT USAGE ON SCHEMA restr.sch TO ROLE gp_writer; " +
            "GRANT WRITE ON IMAGE REPOSITORY restr.sch.repo TO ROLE gp_writer; GRANT ROLE gp_reader TO ROLE gp_top; " +
            "CREATE USER gp_restricted PASSWORD = '" + Password + "'; GRANT ROLE gp_top TO USER gp_restricted; GRANT ROLE gp_writer TO USER gp_restricted;");
        await AdminSqlAsync(
            "CREATE ROLE gp_cont; GRANT OWNERSHIP ON DATABASE ownc TO ROLE gp_cont COPY CURRENT GRANTS; " +
            "GRANT OWNERSHIP ON SCHEMA ownc.sch TO ROLE gp_cont COPY CURRENT GRANTS; GRANT READ ON IMAGE REPOSITORY ownc.sch.repo TO ROLE gp_cont; " +
            "CREATE USER gp_containers PASSWORD = '" + Password + "'; GRANT ROLE gp_cont TO USER gp_containers;");
        await AddTokenAsync("gp_restricted", "gp_restricted_top", "top_only", restriction: "gp_top");
        await AddTokenAsync("gp_restricted", "gp_restricted_writer", "writer_only", restriction: "gp_writer");
    }

    /// <summary>Adds a PAT to <paramref name="user"/> and remembers its secret under <paramref name="key"/>.</summary>
    private async Task AddTokenAsync(string user, string key, string name, string? restriction)
    {
        string restrict = restriction is null ? string.Empty : $" ROLE_RESTRICTION = '{restriction}'";
        JsonElement body = await AdminSqlAsync($"ALTER USER {user} ADD PROGRAMMATIC ACCESS TOKEN {name}{restrict}");
        _secrets[key] = body.Rows()[0][1]!;
    }

    /// <summary>Pushes (as ADMIN) an image tagged <c>latest</c> with a layer unique to the repository, and a referrer of it.</summary>
    private async Task PushImageAsync(string image, string unique)
    {
        HttpClient admin = Registry.Client;
        byte[] manifest = await admin.PrepareImageAsync(image, "layer-of-" + unique);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutManifestAsync(image, "latest", manifest)).StatusCode);
        Digest manifestDigest = OciClient.DigestOf(manifest);
        byte[] referrer = await admin.PrepareImageAsync(image, "signature-of-" + unique,
            subject: OciClient.DescriptorJson(OciClient.OciManifestType, manifest), artifactType: "application/vnd.example.signature");
        Digest referrerDigest = OciClient.DigestOf(referrer);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutManifestAsync(image, referrerDigest.ToString(), referrer)).StatusCode);
        using JsonDocument parsed = JsonDocument.Parse(manifest);
        string layer = parsed.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
        _images[image] = new CellImage(image, manifestDigest.ToString(), layer, referrerDigest.ToString());
    }
}

/// <summary>What setup pushed into a repository.</summary>
public sealed record CellImage(string Name, string ManifestDigest, string LayerDigest, string ReferrerDigest);
