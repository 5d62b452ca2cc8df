using System.Net;
using Floe.Clients.Tests.Infrastructure;
using Floe.Testing;

namespace Floe.Clients.Tests.WebConsole;

/// <summary>
/// The console's data-protection key ring lives in the metadata database, not in the process user's home
/// directory: a sign-in form (its anti-forgery token and cookie) served by one real <c>floe serve</c> posts
/// fine to another node of the deployment running as a user with another <c>HOME</c> (another machine), and
/// to the same node after a restart with another <c>HOME</c>. Neither writes a key ring into its home
/// directory, and neither warns at start about keys stored unencrypted.
/// </summary>
public sealed class ConsoleKeyRingTests : IAsyncLifetime
{
    private const string Admin = "ADMIN";

    private readonly ScratchDirectory _homes = ScratchDirectory.Create("fkr");
    private HostsFile? _hosts;

    public Task InitializeAsync()
    {
        _hosts = HostsFile.Map(FloeProcess.AccountHostName);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _hosts?.Dispose();
        await _homes.DeleteAsync();
    }

    /// <summary>Two nodes on one PostgreSQL database of their own, so this runs once, in the first pass.</summary>
    [Fact]
    [Trait("MetadataStore", "own-postgres")]
    public async Task SignInForm_FetchedFromNodeAPostedToNodeBWithAnotherHome_SignsIn()
    {
        using TestMetadataDatabase database = TestMetadataDatabase.CreatePostgres();
        await using FloeProcess nodeA = await FloeProcess.StartAsync(NodeEnvironment(database, "a"));
        await using FloeProcess nodeB = await FloeProcess.StartAsync(NodeEnvironment(database, "b"));
        using ConsoleHttp onA = new("http://" + nodeA.AccountHost);
        using ConsoleHttp onB = new("http://" + nodeB.AccountHost);

        string token = await onA.TokenAsync("/console/signin");
        onB.Cookies.Add(onA.Cookies.GetAllCookies()); // as a browser behind a load balancer carries them
        HttpResponseMessage signIn = await onB.PostAsync("/console/signin", SignInForm(token));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/console/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/console/")).StatusCode);
        AssertNoKeyRingAtHomeAndNoWarning(nodeA, "a");
        AssertNoKeyRingAtHomeAndNoWarning(nodeB, "b");
    }

    /// <summary>On the run's metadata store: SQLite in the first pass, PostgreSQL in the second.</summary>
    [Fact]
    public async Task SignInForm_FetchedBeforeARestartWithAnotherHome_PostsFineAfter()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync(new Dictionary<string, string> { ["HOME"] = Home("before") });
        using ConsoleHttp http = new("http://" + floe.AccountHost);
        string token = await http.TokenAsync("/console/signin");

        Assert.Equal(0, await floe.TerminateAsync());
        await floe.RestartAsync(new Dictionary<string, string> { ["HOME"] = Home("after") });
        HttpResponseMessage signIn = await http.PostAsync("/console/signin", SignInForm(token));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/console/", signIn.Headers.Location?.OriginalString);
        AssertNoKeyRingAtHomeAndNoWarning(floe, "before");
        AssertNoKeyRingAtHomeAndNoWarning(floe, "after");
    }

    private Dictionary<string, string> NodeEnvironment(TestMetadataDatabase database, string home) =>
        new(database.EnvironmentVariables, StringComparer.Ordinal) { ["HOME"] = Home(home) };

    /// <summary>A home directory of its own for a process (created empty).</summary>
    private string Home(string name) => Directory.CreateDirectory(_homes.Combine(name)).FullName;

    private static Dictionary<string, string> SignInForm(string token) =>
        new() { ["csrf"] = token, ["user"] = Admin, ["password"] = FloeProcess.AdminPassword };

    private void AssertNoKeyRingAtHomeAndNoWarning(FloeProcess floe, string home)
    {
        Assert.False(Directory.Exists(Path.Combine(_homes.Combine(home), ".aspnet")), $"a key ring was written under the home directory {home}");
        Assert.DoesNotContain("No XML encryptor", floe.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warn:", floe.Output, StringComparison.Ordinal);
    }
}
