using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Hosting;

/// <summary>
/// The access log of the real <c>floe serve</c>: one line per request with who asked for what and how
/// it was answered, the request id that is also in the <c>X-Request-Id</c> response header, and never a
/// credential.
/// </summary>
public sealed class AccessLogTests
{
    private const string Repository = "db/sch/repo";
    private const string Image = Repository + "/img";

    [Fact]
    public async Task Requests_PullAndRefusedPush_EachLoggedOnceWithTheirFieldsAndNoSecret()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync(Repository);
        string pushToken = await floe.RegistryTokenAsync($"repository:{Image}:pull,push");
        string pullToken = await floe.RegistryTokenAsync($"repository:{Image}:pull");
        byte[] blob = RandomNumberGenerator.GetBytes(1234);
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        using HttpClient client = floe.CreateClient();
        using (HttpRequestMessage push = new(HttpMethod.Post, $"/v2/{Image}/blobs/uploads/?digest={digest}") { Content = new ByteArrayContent(blob) })
        {
            push.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pushToken);
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(push)).StatusCode);
        }

        using HttpRequestMessage pull = new(HttpMethod.Get, $"/v2/{Image}/blobs/{digest}");
        pull.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pullToken);
        HttpResponseMessage pulled = await client.SendAsync(pull);
        using HttpRequestMessage refused = new(HttpMethod.Post, $"/v2/{Image}/blobs/uploads/");
        refused.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pullToken);
        HttpResponseMessage denied = await client.SendAsync(refused);

        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        string pullId = pulled.Headers.GetValues("X-Request-Id").Single();
        string deniedId = denied.Headers.GetValues("X-Request-Id").Single();
        string output = await StartupTests.WaitForOutputAsync(floe, $"request {deniedId} ");
        Assert.Equal(1, Occurrences(output, $"request {pullId} "));
        Assert.Contains($"request {pullId} account=DEV user=ADMIN GET blob_get repository={Image} status=200 bytes={blob.Length} duration_ms=", output, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(output, $"request {deniedId} "));
        Assert.Contains($"request {deniedId} account=DEV user=ADMIN POST upload_start repository={Image} status=403 bytes=", output, StringComparison.Ordinal);
        Assert.Contains("user=ADMIN GET token repository=- status=200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(FloeProcess.AdminPassword, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(FloeProcess.AdminCredentials)), output, StringComparison.Ordinal);
        Assert.DoesNotContain(pushToken, output, StringComparison.Ordinal);
        Assert.DoesNotContain(pullToken, output, StringComparison.Ordinal);
        Assert.DoesNotContain("scope=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogFormatJson_AccessLogCarriesItsFieldsAsState()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync(new Dictionary<string, string> { ["FLOE_LOGFORMAT"] = "json" });
        using HttpClient client = floe.CreateClient();

        HttpResponseMessage response = await client.GetAsync("/healthz");

        string id = response.Headers.GetValues("X-Request-Id").Single();
        string output = await StartupTests.WaitForOutputAsync(floe, id);
        JsonElement state = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Single(entry => entry.GetProperty("Category").GetString() == "Floe.Access"
                && entry.GetProperty("State").GetProperty("RequestId").GetString() == id)
            .GetProperty("State");
        Assert.Equal("GET", state.GetProperty("Method").GetString());
        Assert.Equal("health", state.GetProperty("Route").GetString());
        Assert.Equal("DEV", state.GetProperty("Account").GetString());
        Assert.Equal(200, state.GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task AccessLogOff_NoAccessLinesButTheRequestIdHeaderStays()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync(new Dictionary<string, string> { ["FLOE_ACCESSLOG"] = "false" });
        using HttpClient client = floe.CreateClient();

        HttpResponseMessage response = await client.GetAsync("/healthz");

        Assert.NotEmpty(response.Headers.GetValues("X-Request-Id").Single());
        await StartupTests.WaitForOutputAsync(floe, "docker login");
        Assert.DoesNotContain("Floe.Access", floe.Output, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
