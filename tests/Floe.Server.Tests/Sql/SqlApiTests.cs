using System.Net;
using System.Text.Json;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Sql;

public sealed class SqlApiTests : IAsyncLifetime
{
    private RegistryHost _host = null!;
    private string _token = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync();
        _token = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Statements_WithoutToken_Is401()
    {
        HttpResponseMessage response = await Client.SqlAsync(null, "SELECT CURRENT_USER()");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Statements_ForgedToken_Is401()
    {
        HttpResponseMessage response = await Client.SqlAsync("floe-session-forged", "SELECT CURRENT_USER()");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Statements_SingleSelect_AnswersSnowflakeShape()
    {
        JsonElement body = await Client.SqlOkAsync(_token, "SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_ACCOUNT()");

        Assert.Equal("090001", body.GetProperty("code").GetString());
        Assert.Equal("00000", body.GetProperty("sqlState").GetString());
        Assert.Equal("Statement executed successfully.", body.GetProperty("message").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("statementHandle").GetString(), out _));
        JsonElement meta = body.GetProperty("resultSetMetaData");
        Assert.Equal(1, meta.GetProperty("numRows").GetInt32());
        Assert.Equal("jsonv2", meta.GetProperty("format").GetString());
        Assert.Equal(["CURRENT_USER()", "CURRENT_ROLE()", "CURRENT_ACCOUNT()"], body.ColumnNames());
        Assert.Equal(string.Join('|', new[] { "ADMIN", "ACCOUNTADMIN", "DEV" }), string.Join('|', body.Rows()[0]));
    }

    [Fact]
    public async Task Statements_SyntaxError_Is422WithCodeAndPosition()
    {
        HttpResponseMessage response = await Client.SqlAsync(_token, "CREATE IMAGE REPOSITORY;");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("001003", body.RootElement.GetProperty("code").GetString());
        Assert.Equal("42000", body.RootElement.GetProperty("sqlState").GetString());
        Assert.Equal("SQL compilation error:\nsyntax error line 1 at position 23 unexpected ';'.", body.RootElement.GetProperty("message").GetString());
        Assert.True(body.RootElement.TryGetProperty("statementHandle", out _));
    }

    [Fact]
    public async Task Statements_Several_AnswersOneResultEachAndKeepsUseForNextRequest()
    {
        JsonElement body = await Client.SqlOkAsync(_token, "CREATE DATABASE api_db; USE DATABASE api_db; SELECT CURRENT_DATABASE(), CURRENT_SCHEMA();");
        JsonElement next = await Client.SqlOkAsync(_token, "SELECT CURRENT_DATABASE()");

        JsonElement[] results = [.. body.GetProperty("results").EnumerateArray()];
        Assert.Equal(3, results.Length);
        Assert.Equal("Database API_DB successfully created.", results[0].Rows()[0][0]);
        Assert.Equal(string.Join('|', new[] { "API_DB", "PUBLIC" }), string.Join('|', results[2].Rows()[0]));
        Assert.Equal("API_DB", next.Rows()[0][0]);
    }

    [Fact]
    public async Task Statements_ContextFields_SetRoleDatabaseSchema()
    {
        await Client.SqlOkAsync(_token, "CREATE DATABASE ctx_db; CREATE SCHEMA ctx_db.inner_s");

        HttpResponseMessage response = await Client.SqlAsync(_token, "SELECT CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_SCHEMA()",
            new { Role = "SYSADMIN", Database = "ctx_db", Schema = "inner_s" });

        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(text);
        Assert.Equal(string.Join('|', new[] { "SYSADMIN", "CTX_DB", "INNER_S" }), string.Join('|', body.RootElement.Rows()[0]));
    }

    [Fact]
    public async Task Statements_SyntaxErrorWithContextFields_ReportsPositionInTheStatement()
    {
        HttpResponseMessage response = await Client.SqlAsync(_token, "SHOW IMAGE REPOSITORIES IN", new { Role = "SYSADMIN" });

        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("SQL compilation error:\nsyntax error line 1 at position 26 unexpected '<EOF>'.", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Statements_ContextRoleNotGranted_Is422()
    {
        HttpResponseMessage response = await Client.SqlAsync(_token, "SELECT CURRENT_ROLE()", new { Role = "NO_SUCH_ROLE" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"sql\":\"SELECT 1\"}")]
    public async Task Statements_MalformedBody_Is400(string body)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _token);

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Statements_ObjectMissing_Is422WithSnowflakeMessage()
    {
        HttpResponseMessage response = await Client.SqlAsync(_token, "USE DATABASE no_such_db");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("002003", body.RootElement.GetProperty("code").GetString());
        Assert.Equal("SQL compilation error:\nDatabase 'NO_SUCH_DB' does not exist or not authorized.", body.RootElement.GetProperty("message").GetString());
    }
}
