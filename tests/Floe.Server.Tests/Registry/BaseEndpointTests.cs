using System.Net;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Registry;

public sealed class BaseEndpointTests : IAsyncLifetime
{
    private RegistryHost _host = null!;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetV2_AnyClient_AnswersOkWithApiVersion()
    {
        HttpResponseMessage response = await _host.Client.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-Api-Version"));
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnyV2Response_Error_CarriesApiVersionHeader()
    {
        HttpResponseMessage response = await _host.Client.GetAsync("/v2/db/sch/repo/never_pushed/tags/list");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-Api-Version"));
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("/v2/img/manifests/latest")]
    [InlineData("/v2/db/img/manifests/latest")]
    [InlineData("/v2/db/sch/img/manifests/latest")]
    public async Task Manifest_NameWithFewerThanFourComponents_IsNameInvalidShowingExpectedForm(string path)
    {
        HttpResponseMessage response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("NAME_INVALID", await response.ErrorCodeAsync());
        Assert.Contains("<database>/<schema>/<repository>/<image>", await response.ErrorMessageAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/db/sch/repo/UPPER/manifests/latest")]
    [InlineData("/v2/db/sch/repo/a..b/manifests/latest")]
    [InlineData("/v2/1db/sch/repo/img/manifests/latest")]
    public async Task Manifest_InvalidNameComponent_IsNameInvalid(string path)
    {
        HttpResponseMessage response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("NAME_INVALID", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Push_RepositoryThatDoesNotExist_IsDeniedLikeAForbiddenOne()
    {
        HttpResponseMessage response = await _host.Client.PostAsync("/v2/db/sch/missing/img/blobs/uploads/", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("DENIED", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Push_RepositoryThatDoesNotExist_AnonymousRegistry_IsNameUnknown()
    {
        await using RegistryHost host = await RegistryHost.StartAsync(s => s["RequireAuthentication"] = "false");

        HttpResponseMessage response = await host.Client.PostAsync("/v2/db/sch/missing/img/blobs/uploads/", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NAME_UNKNOWN", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Pull_RepositoryNameInOtherCase_MapsToSameRepository()
    {
        byte[] content = OciClient.Bytes("case-insensitive");
        await _host.Client.PushBlobAsync("db/sch/repo/img", content);

        HttpResponseMessage response = await _host.Client.GetAsync($"/v2/DB/Sch/REPO/img/blobs/{OciClient.DigestOf(content)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_HostUnderDomainNamingNoAccount_IsNameUnknown()
    {
        using HttpRequestMessage request = new(HttpMethod.Get, "/v2/");
        request.Headers.Host = "local-nosuch.registry.localhost:5000";

        HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NAME_UNKNOWN", await response.ErrorCodeAsync());
        Assert.Contains("registry host", await response.ErrorMessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_AccountHostWithPort_ReachesAccount()
    {
        using HttpRequestMessage request = new(HttpMethod.Get, "/v2/");
        request.Headers.Host = "local-dev.registry.localhost:5000";

        HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_OtherHostWithoutDefaultAccount_IsNameUnknown()
    {
        await using RegistryHost host = await RegistryHost.StartAsync(s => s["DefaultAccount"] = "");

        HttpResponseMessage response = await host.Client.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NAME_UNKNOWN", await response.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("DELETE", "/v2/db/sch/repo/img/manifests/latest")]
    [InlineData("DELETE", "/v2/db/sch/repo/img/manifests/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("DELETE", "/v2/db/sch/repo/img/blobs/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public async Task Delete_ManifestTagOrBlob_IsUnsupportedAndSaysToDropRepository(string method, string path)
    {
        using HttpRequestMessage request = new(new HttpMethod(method), path);

        HttpResponseMessage response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("UNSUPPORTED", await response.ErrorCodeAsync());
        Assert.Contains("DROP IMAGE REPOSITORY", await response.ErrorMessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OnManifest_IsUnsupported()
    {
        HttpResponseMessage response = await _host.Client.PostAsync("/v2/db/sch/repo/img/manifests/latest", null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("UNSUPPORTED", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Healthz_Always_AnswersOk()
    {
        HttpResponseMessage live = await _host.Client.GetAsync("/healthz");
        HttpResponseMessage ready = await _host.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
