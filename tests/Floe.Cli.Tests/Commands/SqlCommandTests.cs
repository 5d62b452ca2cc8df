using System.Net;
using Floe.Cli.Tests.Client;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Commands;

/// <summary><c>floe sql</c> against stubbed answers, and against a real in-process Floe where the server's part matters.</summary>
public sealed class SqlCommandTests(FloeServerFixture fixture) : IClassFixture<FloeServerFixture>, IDisposable
{
    private static readonly string[] Connection = ["--host", "localhost:5000", "--user", "ADMIN", "--password", "pw"];
    private static readonly string[] Admin = ["--host", "127.0.0.1:5000", "--user", "ADMIN", "--password", FloeTestServer.AdminPassword];

    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Query_Success_PrintsTableAndExitsZero()
    {
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);

        CliRun run = await RunAsync(handler, ["sql", "-q", "SHOW IMAGE REPOSITORIES", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(
            """
            +------------------+
            | name   | comment |
            |--------+---------|
            | REPO_A | first   |
            | REPO_B | NULL    |
            +------------------+

            """,
            run.Output);
        Assert.Equal(["/oauth/token", "/api/v2/statements"], handler.Requests.Select(r => r.Path));
        Assert.Equal("""{"statement":"SHOW IMAGE REPOSITORIES"}""", handler.Requests[1].Body);
        Assert.Equal("Bearer session-1", handler.Requests[1].Authorization);
    }

    [Fact]
    public async Task Query_SeveralStatements_SendsOneRequestAndPrintsEachResult()
    {
        StubHandler handler = StubHandler.ForSql(ResponseBodies.TwoStatements);

        CliRun run = await RunAsync(handler, ["sql", "--query", "USE ROLE SYSADMIN; SELECT CURRENT_ROLE(), CURRENT_DATABASE();", "--format", "csv", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "status\r\nStatement executed successfully.\r\n\r\nCURRENT_ROLE(),CURRENT_DATABASE()\r\nSYSADMIN,\r\n",
            run.Output);
        Assert.Single(handler.Requests, r => r.Path == "/api/v2/statements");
    }

    [Fact]
    public async Task Format_Json_PrintsArrayOfObjects()
    {
        CliRun run = await RunAsync(StubHandler.ForSql(ResponseBodies.SingleStatement), ["sql", "-q", "x", "--format", "json", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("[\n  {\n    \"name\": \"REPO_A\",\n    \"comment\": \"first\"\n  },", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filename_ReadsSqlFromFile()
    {
        string file = _home.WriteFile("setup.sql", "CREATE DATABASE D;\n");
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);

        CliRun run = await RunAsync(handler, ["sql", "-f", file, .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"statement":"CREATE DATABASE D;\n"}""", handler.Requests[1].Body);
    }

    [Fact]
    public async Task NoQuery_RedirectedInput_ReadsSqlFromStandardInput()
    {
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);

        CliRun run = await CliRun.InvokeAsync(
            TestEnvironments.Create(_home.Path, handler: handler, standardInput: "SHOW DATABASES"), ["sql", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"statement":"SHOW DATABASES"}""", handler.Requests[1].Body);
    }

    [Fact]
    public async Task NoQuery_TerminalInput_PrintsUsageAndExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", .. Connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Usage: floe sql", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task SqlError_PrintsCodeStateAndMessageAndExitsOne()
    {
        CliRun run = await RunAsync(
            StubHandler.ForSql(ResponseBodies.SqlError, HttpStatusCode.UnprocessableEntity), ["sql", "-q", "DROP IMAGE REPOSITORY NOPE", .. Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("002003 (02000): SQL compilation error:\nImage Repository 'NOPE' does not exist or not authorized.\n", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task LoginRefused_PrintsAuthenticationErrorAndExitsOne()
    {
        StubHandler handler = new(_ => StubHandler.Json(HttpStatusCode.Unauthorized, """{"message":"Incorrect username or password was specified."}"""));

        CliRun run = await RunAsync(handler, ["sql", "-q", "x", .. Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("authentication failed: Incorrect username or password was specified.\n", run.Error);
    }

    [Fact]
    public async Task TokenSetting_SkipsLoginAndSendsSessionFields()
    {
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);
        Dictionary<string, string> variables = new() { ["FLOE_TOKEN"] = "env-token", ["FLOE_HOST"] = "localhost:5000", ["FLOE_DATABASE"] = "DB" };

        CliRun run = await CliRun.InvokeAsync(
            TestEnvironments.Create(_home.Path, variables, handler), "sql", "-q", "x", "--role", "R", "--schema", "S");

        Assert.Equal(0, run.ExitCode);
        RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer env-token", request.Authorization);
        Assert.Equal("""{"statement":"x","role":"R","database":"DB","schema":"S"}""", request.Body);
    }

    [Fact]
    public async Task ConnectionFromConfigFile_IsUsed()
    {
        string config = _home.WriteFile("floe.toml", """
            [connections.dev]
            host = "https://floe.example.com"
            token = "file-token"
            """);
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);

        CliRun run = await RunAsync(handler, ["sql", "-q", "x", "--config-file", config, "-c", "dev"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("https://floe.example.com/api/v2/statements", Assert.Single(handler.Requests).Url.ToString());
    }

    [Fact]
    public async Task PrivateKeyFile_NoAccount_SaysSoAndExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-q", "x", "--host", "h", "--user", "u", "--private-key-file", "/k.p8"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("key-pair authentication needs the account", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_SaysSoAndExitsOne()
    {
        StubHandler handler = new(_ => throw new HttpRequestException("Connection refused (localhost:5000)"));

        CliRun run = await RunAsync(handler, ["sql", "-q", "x", .. Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("cannot reach Floe at http://localhost:5000/: Connection refused (localhost:5000)\n", run.Error);
    }

    [Fact]
    public async Task UnknownFormat_ExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-q", "x", "--format", "xml", .. Connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'xml'", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("Run 'floe sql --help' for usage.\n", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task QueryAndFilename_ExitsTwo()
    {
        StubHandler handler = StubHandler.ForSql("{}");

        CliRun run = await RunAsync(handler, ["sql", "-q", "x", "-f", "y.sql", .. Connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("give either -q/--query or -f/--filename, not both\n", run.Error);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task MissingFile_ExitsTwo()
    {
        string missing = Path.Combine(_home.Path, "missing.sql");

        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-f", missing, .. Connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"file not found: {missing}\n", run.Error);
    }

    [Fact]
    public async Task EmptyQuery_ExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-q", "  ", .. Connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("no SQL to run: the statement text is empty\n", run.Error);
    }

    [Fact]
    public async Task NoHost_ExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-q", "x", "--user", "u", "--password", "p"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("no host configured: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCredentials_ExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-q", "x", "--host", "localhost"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("no credentials configured", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidConfigFile_ExitsTwo()
    {
        _home.WriteDefaultConfig("[connections.default\n");

        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-q", "x"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("invalid config file: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownConnection_ExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-q", "x", "-c", "nope"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("connection 'nope' is not defined in ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "--nope"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--nope", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCommand_PrintsHelpAndExitsZero()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), []);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("sql", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandGroupAlone_PrintsItsHelpAndExitsZero()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["spcs"]);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Contains("image-registry", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_NamesTheClosestAndExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sqll", "-q", "x"]);

        Assert.Equal((2, ""), (run.ExitCode, run.Output));
        Assert.Contains("Did you mean 'sql'?", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_NamesTheClosestAndExitsTwo()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "-q", "x", "--formt", "json", .. Connection]);

        Assert.Equal((2, ""), (run.ExitCode, run.Output));
        Assert.Contains("Did you mean '--format'?", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format=JSON")]
    [InlineData("--format=Json")]
    public async Task Format_AnyCase_IsAccepted(string format)
    {
        CliRun run = await RunAsync(StubHandler.ForSql(ResponseBodies.SingleStatement), ["sql", "-q", "x", format, .. Connection]);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.StartsWith("[\n  {\n    \"name\": \"REPO_A\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginRefusedWithAReason_PrintsTheServersMessageOnly()
    {
        StubHandler handler = new(_ => StubHandler.Json(HttpStatusCode.BadRequest,
            """{"error":"invalid_scope","error_description":"Role 'NOPE' specified in the connect string is not granted to this user."}"""));

        CliRun run = await RunAsync(handler, ["sql", "-q", "x", "--role", "NOPE", .. Connection]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("authentication failed: Role 'NOPE' specified in the connect string is not granted to this user.\n", run.Error);
    }

    [Fact]
    public async Task SnowflakeCliFlagNames_AreAcceptedAndWarehouseIgnoredWithANote()
    {
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);

        CliRun run = await RunAsync(handler, ["sql", "-q", "x", "--host", "localhost:5000", "--username", "ADMIN", "--password", "pw",
            "--warehouse", "COMPUTE_WH", "--dbname", "DB", "--schemaname", "S"]);

        Assert.Equal((0, "note: --warehouse is ignored: Floe has no warehouses.\n"), (run.ExitCode, run.Error));
        Assert.Contains("username=ADMIN", handler.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("""{"statement":"x","database":"DB","schema":"S"}""", handler.Requests[1].Body);
    }

    [Fact]
    public async Task TemporaryConnection_IgnoresTheConfigFile()
    {
        _home.WriteDefaultConfig("[connections.default]\nhost = \"file.example.com\"\ntoken = \"file-token\"\n");
        StubHandler handler = StubHandler.ForSql(ResponseBodies.SingleStatement);

        CliRun temporary = await RunAsync(handler, ["sql", "-q", "x", "-x", "--host", "localhost:5000", "--token", "flag-token"]);
        CliRun noHost = await RunAsync(handler, ["sql", "-q", "x", "--temporary-connection", "--token", "flag-token"]);
        CliRun withName = await RunAsync(handler, ["sql", "-q", "x", "-x", "-c", "default"]);

        Assert.Equal(0, temporary.ExitCode);
        RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal(("http://localhost:5000/api/v2/statements", "Bearer flag-token"), (request.Url.ToString(), request.Authorization));
        Assert.Equal(2, noHost.ExitCode);
        Assert.StartsWith("no host configured", noHost.Error, StringComparison.Ordinal);
        Assert.Equal((2, "give either -c/--connection or -x/--temporary-connection, not both\n"), (withName.ExitCode, withName.Error));
    }

    [Fact]
    public async Task Help_ExitsZeroAndListsConnectionOptions()
    {
        CliRun run = await RunAsync(StubHandler.ForSql("{}"), ["sql", "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--connection", run.Output, StringComparison.Ordinal);
        Assert.Contains("--format <table|json|csv>", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchFailingPartway_PrintsTheResultsOfTheStatementsThatRanThenTheError()
    {
        CliRun run = await ServerRunAsync(["sql", "-q",
            "CREATE DATABASE IF NOT EXISTS PARTWAY_DB; SHOW DATABASES LIKE 'PARTWAY_DB'; DROP IMAGE REPOSITORY PARTWAY_DB.PUBLIC.NOPE; SHOW DATABASES",
            "--format", "csv", .. Admin]);

        Assert.Equal(1, run.ExitCode);
        string[] blocks = run.Output.Split("\r\n\r\n");
        Assert.Equal(2, blocks.Length);
        Assert.StartsWith("status\r\n", blocks[0], StringComparison.Ordinal);
        Assert.Contains("PARTWAY_DB", blocks[1], StringComparison.Ordinal);
        Assert.Equal("002003 (02000): SQL compilation error:\nImage Repository 'PARTWAY_DB.PUBLIC.NOPE' does not exist or not authorized.\n", run.Error);
    }

    [Fact]
    public async Task NoCurrentDatabase_HintNamesTheDatabaseAndSchemaFlags()
    {
        CliRun run = await ServerRunAsync(["sql", "-q", "CREATE IMAGE REPOSITORY HINT_REPO", .. Admin]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("090105 (22000): Cannot perform CREATE IMAGE REPOSITORY. This session does not have a current database.", run.Error, StringComparison.Ordinal);
        Assert.Contains("--database and --schema", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginWithARoleNotGranted_PrintsTheServersMessage()
    {
        CliRun run = await ServerRunAsync(["sql", "-q", "SELECT CURRENT_ROLE()", "--role", "NOT_MINE", .. Admin]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("authentication failed: Role 'NOT_MINE' specified in the connect string is not granted to this user.\n", run.Error);
    }

    private Task<CliRun> ServerRunAsync(string[] args) => CliRun.InvokeAsync(fixture.Server.Environment(_home.Path), args);

    private Task<CliRun> RunAsync(StubHandler handler, string[] args) =>
        CliRun.InvokeAsync(TestEnvironments.Create(_home.Path, handler: handler), args);
}
