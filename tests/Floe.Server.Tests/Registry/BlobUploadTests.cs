using System.Net;
using System.Net.Http.Headers;
using Floe.Core.Content;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Registry;

public sealed class BlobUploadTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private RegistryHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PostUpload_New_AnswersAcceptedWithLocationRangeAndUuid()
    {
        HttpResponseMessage response = await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string location = response.Headers.Location!.OriginalString;
        Assert.StartsWith($"/v2/{Name}/blobs/uploads/", location, StringComparison.Ordinal);
        Assert.Equal("0-0", response.Header("Range"));
        Assert.EndsWith(response.Header("Docker-Upload-UUID")!, location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonolithicPostPut_Blob_IsServedByteExact()
    {
        byte[] content = OciClient.Bytes("hello, floe");
        Digest digest = await Client.PushBlobAsync(Name, content);

        HttpResponseMessage get = await Client.GetAsync($"/v2/{Name}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(content, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(digest.ToString(), get.Header("Docker-Content-Digest"));
        Assert.Equal("application/octet-stream", get.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task PutUpload_Completed_AnswersCreatedWithBlobLocationAndDigest()
    {
        byte[] content = OciClient.Bytes("location check");
        HttpResponseMessage start = await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null);
        Digest digest = OciClient.DigestOf(content);

        HttpResponseMessage put = await Client.PutAsync($"{start.Headers.Location}?digest={digest}", new ByteArrayContent(content));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v2/{Name}/blobs/{digest}", put.Headers.Location!.OriginalString);
        Assert.Equal(digest.ToString(), put.Header("Docker-Content-Digest"));
    }

    [Fact]
    public async Task HeadBlob_Known_AnswersLengthAndDigestWithoutBody()
    {
        byte[] content = OciClient.Bytes("head me");
        Digest digest = await Client.PushBlobAsync(Name, content);

        using HttpRequestMessage head = new(HttpMethod.Head, $"/v2/{Name}/blobs/{digest}");
        HttpResponseMessage response = await Client.SendAsync(head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(digest.ToString(), response.Header("Docker-Content-Digest"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HeadBlob_Unknown_Answers404WithoutBody()
    {
        using HttpRequestMessage head = new(HttpMethod.Head, $"/v2/{Name}/blobs/{OciClient.DigestOf(OciClient.Bytes("never pushed"))}");

        HttpResponseMessage response = await Client.SendAsync(head);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetBlob_Unknown_IsBlobUnknown()
    {
        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/blobs/{OciClient.DigestOf(OciClient.Bytes("never pushed"))}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("BLOB_UNKNOWN", await response.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("SHA256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    public async Task GetBlob_InvalidDigest_IsDigestInvalid(string digest)
    {
        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DIGEST_INVALID", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task GetBlob_WithRange_AnswersPartialContent()
    {
        byte[] content = OciClient.Bytes("0123456789abcdef");
        Digest digest = await Client.PushBlobAsync(Name, content);
        using HttpRequestMessage request = new(HttpMethod.Get, $"/v2/{Name}/blobs/{digest}");
        request.Headers.Range = new RangeHeaderValue(4, 9);

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("456789", await response.Content.ReadAsStringAsync());
        Assert.Equal("bytes 4-9/16", response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task GetBlob_RangeBeyondEnd_IsRangeNotSatisfiable()
    {
        Digest digest = await Client.PushBlobAsync(Name, OciClient.Bytes("short"));
        using HttpRequestMessage request = new(HttpMethod.Get, $"/v2/{Name}/blobs/{digest}");
        request.Headers.Range = new RangeHeaderValue(100, 200);

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task SinglePost_WithDigest_CreatesBlob()
    {
        byte[] content = OciClient.Bytes("single post");
        Digest digest = OciClient.DigestOf(content);

        HttpResponseMessage response = await Client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={digest}", new ByteArrayContent(content));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{Name}/blobs/{digest}", response.Headers.Location!.OriginalString);
        Assert.Equal(content, await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}"));
    }

    [Fact]
    public async Task SinglePost_WrongDigest_IsDigestInvalidAndStoresNothing()
    {
        byte[] content = OciClient.Bytes("lying digest");
        Digest claimed = OciClient.DigestOf(OciClient.Bytes("something else"));

        HttpResponseMessage response = await Client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={claimed}", new ByteArrayContent(content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DIGEST_INVALID", await response.ErrorCodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v2/{Name}/blobs/{claimed}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v2/{Name}/blobs/{OciClient.DigestOf(content)}")).StatusCode);
    }

    [Fact]
    public async Task SinglePost_Sha512Digest_CreatesBlob()
    {
        byte[] content = OciClient.Bytes("sha512 content");
        Digest digest = Digest.Compute(DigestAlgorithm.Sha512, content);

        HttpResponseMessage response = await Client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={digest}", new ByteArrayContent(content));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(content, await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}"));
    }

    [Fact]
    public async Task ChunkedUpload_InOrder_AssemblesBlob()
    {
        byte[] first = OciClient.Bytes("first-chunk|");
        byte[] second = OciClient.Bytes("second-chunk");
        byte[] whole = [.. first, .. second];
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;

        HttpResponseMessage patch1 = await PatchAsync(location, first, $"0-{first.Length - 1}");
        Assert.Equal(HttpStatusCode.Accepted, patch1.StatusCode);
        Assert.Equal($"0-{first.Length - 1}", patch1.Header("Range"));
        HttpResponseMessage patch2 = await PatchAsync(patch1.Headers.Location!.OriginalString, second, $"{first.Length}-{whole.Length - 1}");
        Assert.Equal(HttpStatusCode.Accepted, patch2.StatusCode);
        Assert.Equal($"0-{whole.Length - 1}", patch2.Header("Range"));

        Digest digest = OciClient.DigestOf(whole);
        HttpResponseMessage put = await Client.PutAsync($"{patch2.Headers.Location}?digest={digest}", null);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(whole, await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}"));
    }

    [Fact]
    public async Task ChunkedUpload_StreamedWithoutContentRange_Appends()
    {
        byte[] first = OciClient.Bytes("streamed-1 ");
        byte[] second = OciClient.Bytes("streamed-2");
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;

        await PatchAsync(location, first, null);
        HttpResponseMessage patch = await PatchAsync(location, second, null);
        Digest digest = OciClient.DigestOf([.. first, .. second]);
        HttpResponseMessage put = await Client.PutAsync($"{location}?digest={digest}", null);

        Assert.Equal($"0-{first.Length + second.Length - 1}", patch.Header("Range"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task ChunkedUpload_OutOfOrderChunk_Is416AndKeepsUpload()
    {
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;
        await PatchAsync(location, OciClient.Bytes("0123456789"), "0-9");

        HttpResponseMessage skipped = await PatchAsync(location, OciClient.Bytes("abc"), "20-22");
        HttpResponseMessage status = await Client.GetAsync(location);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, skipped.StatusCode);
        Assert.Equal("BLOB_UPLOAD_INVALID", await skipped.ErrorCodeAsync());
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-9", status.Header("Range"));
    }

    [Fact]
    public async Task ChunkedUpload_ContentRangeDisagreesWithLength_Is416()
    {
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;

        HttpResponseMessage response = await PatchAsync(location, OciClient.Bytes("abc"), "0-9");

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task UploadStatus_AfterChunk_Answers204WithRangeAndLocation()
    {
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;
        await PatchAsync(location, OciClient.Bytes("12345"), "0-4");

        HttpResponseMessage status = await Client.GetAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-4", status.Header("Range"));
        Assert.Equal(location, status.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PutUpload_WrongDigest_IsDigestInvalid()
    {
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;
        Digest wrong = OciClient.DigestOf(OciClient.Bytes("not this"));

        HttpResponseMessage put = await Client.PutAsync($"{location}?digest={wrong}", new ByteArrayContent(OciClient.Bytes("this")));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("DIGEST_INVALID", await put.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?digest=")]
    [InlineData("?digest=sha256:zz")]
    public async Task PutUpload_MissingOrBadDigestParameter_IsDigestInvalid(string query)
    {
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;

        HttpResponseMessage put = await Client.PutAsync(location + query, new ByteArrayContent(OciClient.Bytes("x")));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("DIGEST_INVALID", await put.ErrorCodeAsync());
    }

    [Fact]
    public async Task PutUpload_Completed_UploadIsGone()
    {
        byte[] content = OciClient.Bytes("done");
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;
        await Client.PutAsync($"{location}?digest={OciClient.DigestOf(content)}", new ByteArrayContent(content));

        HttpResponseMessage status = await Client.GetAsync(location);

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", await status.ErrorCodeAsync());
    }

    [Fact]
    public async Task DeleteUpload_Open_CancelsIt()
    {
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;
        await PatchAsync(location, OciClient.Bytes("to be cancelled"), null);

        HttpResponseMessage cancel = await Client.DeleteAsync(location);
        HttpResponseMessage status = await Client.GetAsync(location);
        HttpResponseMessage patchAfter = await PatchAsync(location, OciClient.Bytes("more"), null);

        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", await patchAfter.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Upload_UnknownId_IsBlobUploadUnknown(string method)
    {
        using HttpRequestMessage request = new(new HttpMethod(method), $"/v2/{Name}/blobs/uploads/0123456789abcdef0123456789abcdef?digest={OciClient.DigestOf([])}");

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", await response.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("..%2F..%2F..%2Fmetadata.db")]
    [InlineData("not-a-real-id")]
    public async Task Upload_HostileId_IsBlobUploadUnknown(string id)
    {
        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/blobs/uploads/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Upload_ContinuedUnderAnotherImageName_IsBlobUploadUnknown()
    {
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;
        string otherImage = location.Replace("/img/", "/other/", StringComparison.Ordinal);

        HttpResponseMessage response = await PatchAsync(otherImage, OciClient.Bytes("sneaky"), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Mount_FromRepositoryThatHasBlob_AnswersCreatedAndLinks()
    {
        await _host.CreateRepositoryAsync("db/sch/other");
        byte[] content = OciClient.Bytes("mount me");
        Digest digest = await Client.PushBlobAsync("db/sch/other/src", content);

        HttpResponseMessage mount = await Client.PostAsync($"/v2/{Name}/blobs/uploads/?mount={digest}&from=db/sch/other/src", null);

        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        Assert.Equal($"/v2/{Name}/blobs/{digest}", mount.Headers.Location!.OriginalString);
        Assert.Equal(content, await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}"));
    }

    [Fact]
    public async Task Mount_FromRepositoryWithoutBlob_FallsBackToUploadSession()
    {
        await _host.CreateRepositoryAsync("db/sch/other");
        Digest digest = OciClient.DigestOf(OciClient.Bytes("nobody has this"));

        HttpResponseMessage mount = await Client.PostAsync($"/v2/{Name}/blobs/uploads/?mount={digest}&from=db/sch/other/src", null);

        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);
        Assert.Contains("/blobs/uploads/", mount.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mount_WithoutFrom_DiscoversBlobInAccount()
    {
        await _host.CreateRepositoryAsync("db/sch/other");
        Digest digest = await Client.PushBlobAsync("db/sch/other/src", OciClient.Bytes("discover me"));

        HttpResponseMessage mount = await Client.PostAsync($"/v2/{Name}/blobs/uploads/?mount={digest}", null);

        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
    }

    [Fact]
    public async Task GetBlob_PushedToAnotherRepository_IsUnknownUntilMounted()
    {
        await _host.CreateRepositoryAsync("db/sch/other");
        Digest digest = await Client.PushBlobAsync("db/sch/other/src", OciClient.Bytes("linked elsewhere"));

        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("BLOB_UNKNOWN", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task GetBlob_OtherImageOfSameRepository_IsVisible()
    {
        Digest digest = await Client.PushBlobAsync(Name, OciClient.Bytes("shared within repository"));

        HttpResponseMessage response = await Client.GetAsync($"/v2/db/sch/repo/another/image/blobs/{digest}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PatchUpload_LargeStreamedBody_IsStoredExactly()
    {
        byte[] content = new byte[8 * 1024 * 1024 + 13];
        new Random(42).NextBytes(content);
        string location = (await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;

        HttpResponseMessage patch = await PatchAsync(location, content, null);
        Digest digest = OciClient.DigestOf(content);
        HttpResponseMessage put = await Client.PutAsync($"{location}?digest={digest}", null);

        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}"));
    }

    private async Task<HttpResponseMessage> PatchAsync(string location, byte[] content, string? contentRange)
    {
        using HttpRequestMessage request = new(HttpMethod.Patch, location) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (contentRange is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        }

        return await Client.SendAsync(request);
    }
}
