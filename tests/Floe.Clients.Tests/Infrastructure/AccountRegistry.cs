using System.Text.Json;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// The real <c>floe serve</c> addressed as its users address it: on the bootstrap account's hostname
/// (<c>local-dev.registry.localhost:port</c>, mapped to 127.0.0.1 in <c>/etc/hosts</c> while it runs).
/// An xunit class fixture; the SQL helpers run as the bootstrap admin over the SQL API, and each test
/// makes its own repositories and users so the tests sharing one server do not meet.
/// </summary>
public sealed class AccountRegistry : IAsyncLifetime
{
    private HostsFile? _hosts;
    private FloeProcess? _floe;

    public FloeProcess Floe => _floe ?? throw new InvalidOperationException("the server is not started");

    /// <summary>The registry host clients push to: <c>local-dev.registry.localhost:port</c>.</summary>
    public string Host => Floe.AccountHost;

    public async Task InitializeAsync()
    {
        _hosts = HostsFile.Map(FloeProcess.AccountHostName);
        _floe = await FloeProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_floe is not null)
        {
            await _floe.DisposeAsync();
        }

        _hosts?.Dispose();
    }

    /// <summary>Creates a database of its own with schema <c>SCH</c> and image repository <c>REPO</c>.</summary>
    public async Task<Repository> NewRepositoryAsync()
    {
        Repository repository = new("d" + Guid.NewGuid().ToString("N")[..10], "sch", "repo");
        await Floe.SqlAsync($"CREATE DATABASE {repository.Database}; CREATE SCHEMA {repository.Database}.sch; CREATE IMAGE REPOSITORY {repository.SqlName};");
        return repository;
    }

    /// <summary>Creates a PERSON user with a password and a role of its own holding <paramref name="grants"/> (e.g. <c>WRITE ON IMAGE REPOSITORY d.s.r</c>).</summary>
    public Task CreateUserAsync(string user, string password, params string[] grants)
    {
        string role = user + "_role";
        return Floe.SqlAsync(
            $"CREATE USER {user} PASSWORD = '{password}'; CREATE ROLE {role}; " +
            string.Concat(grants.Select(grant => $"GRANT {grant} TO ROLE {role}; ")) +
            $"GRANT ROLE {role} TO USER {user};");
    }

    /// <summary>
    /// USAGE on the repository's database and schema plus <paramref name="privileges"/> (<c>READ</c>, <c>WRITE</c>)
    /// on the repository: what a user needs to pull or push there.
    /// </summary>
    public static string[] Grants(Repository repository, params string[] privileges) =>
    [
        $"USAGE ON DATABASE {repository.Database}",
        $"USAGE ON SCHEMA {repository.Database}.{repository.Schema}",
        .. privileges.Select(privilege => $"{privilege} ON IMAGE REPOSITORY {repository.SqlName}"),
    ];

    /// <summary><c>ALTER USER ... ADD PROGRAMMATIC ACCESS TOKEN</c>: the secret, shown once.</summary>
    public async Task<string> AddProgrammaticAccessTokenAsync(string user, string tokenName)
    {
        IReadOnlyList<string?[]> rows = await QueryAsync($"ALTER USER {user} ADD PROGRAMMATIC ACCESS TOKEN {tokenName}");
        return rows.Single()[1] ?? throw new InvalidOperationException("no token secret answered");
    }

    /// <summary>The rows of one statement run as the admin, values as the SQL API answers them (strings or null).</summary>
    public async Task<IReadOnlyList<string?[]>> QueryAsync(string statement)
    {
        using JsonDocument body = JsonDocument.Parse(await Floe.SqlAsync(statement));
        return [.. body.RootElement.GetProperty("data").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetString()).ToArray())];
    }

    /// <summary>
    /// A session login on the account host: <c>POST /oauth/token</c> with <c>grant_type=password</c> and no
    /// <c>service</c>. Answers the JSON body as served (<c>{"token":"…","expires_in":3600,…}</c>).
    /// </summary>
    public Task<string> SessionLoginAsync(string user, string secret) =>
        SessionLoginAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = user,
            ["password"] = secret,
        });

    /// <summary>A session login with any form (e.g. the key-pair grant with its <c>assertion</c>); the JSON body as served.</summary>
    public async Task<string> SessionLoginAsync(IReadOnlyDictionary<string, string> form)
    {
        using HttpClient client = new() { BaseAddress = new Uri($"http://{Host}") };
        using FormUrlEncodedContent content = new(form);
        HttpResponseMessage response = await client.PostAsync("/oauth/token", content);
        string body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"session login failed ({(int)response.StatusCode}): {body}");
    }

    /// <summary>
    /// What <c>floe spcs image-registry token --format=JSON</c> prints for <paramref name="user"/> (the real
    /// executable, connected by <c>FLOE_*</c> variables, with a home of its own): the whole JSON is a
    /// <c>0sessiontoken</c> password. <c>--format=JSON</c> is how Snowflake's documentation
    /// writes it, piped into <c>docker login --username 0sessiontoken --password-stdin</c>.
    /// </summary>
    public Task<string> CliTokenJsonAsync(string user, string password) =>
        RunCliAsync(user, password, null, "spcs", "image-registry", "token", "--format=JSON");

    /// <summary><c>floe spcs image-registry login</c> as <paramref name="user"/>, logging <paramref name="docker"/> in; what it printed.</summary>
    public Task<string> CliRegistryLoginAsync(DockerClient docker, string user, string password) =>
        RunCliAsync(user, password, docker.Environment, "spcs", "image-registry", "login");

    /// <summary>The real <c>floe</c> connected by <c>FLOE_*</c> variables, with a home of its own; its standard output.</summary>
    private async Task<string> RunCliAsync(string user, string password, IReadOnlyDictionary<string, string>? more, params string[] arguments)
    {
        ScratchDirectory home = ScratchDirectory.Create("fcli");
        try
        {
            Dictionary<string, string> environment = new(more ?? new Dictionary<string, string>())
            {
                ["HOME"] = home.Path,
                ["FLOE_HOST"] = Floe.Host,
                ["FLOE_USER"] = user,
                ["FLOE_PASSWORD"] = password,
            };
            Tool.Run run = await FloeBinary.RunAsync(environment, arguments);
            return run.EnsureSuccess("floe " + string.Join(' ', arguments)).Stdout;
        }
        finally
        {
            await home.DeleteAsync();
        }
    }

    /// <summary>An image repository: SQL name <c>D.SCH.REPO</c>, path <c>d/sch/repo</c> in image references.</summary>
    public sealed record Repository(string Database, string Schema, string Name)
    {
        public string SqlName => $"{Database}.{Schema}.{Name}";

        public string Path => $"{Database}/{Schema}/{Name}".ToLowerInvariant();
    }
}
