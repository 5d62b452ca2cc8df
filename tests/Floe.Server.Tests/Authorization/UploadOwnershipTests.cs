using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Authorization;

/// <summary>
/// An upload belongs to the principal that opened it and to the repository and image it was opened on.
/// Every verb on its location from anyone else, or on another name — GET, PATCH, PUT with and without a
/// body, DELETE — is <c>404 BLOB_UPLOAD_UNKNOWN</c>, and the upload is left exactly as it was: its bytes
/// stay, the owner can still finish it, and nothing is linked into the intruder's repository.
/// </summary>
public sealed class UploadOwnershipTests : IAsyncLifetime
{
    private const string Host = RegistryHost.AccountHost;
    private const string OwnersImage = "db/sch/owner/img";
    private const string IntrudersImage = "db/sch/intruder/img";
    private const string Password = "pw-owner-12345";

    private static readonly byte[] Chunk = Encoding.UTF8.GetBytes("the owner's first chunk of a layer");

    private RegistryHost _host = null!;

    private HttpClient Client => _host.RawClient;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync(s => s["RequireAuthentication"] = "true");
        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, Host);
        await Client.SqlOkAsync(admin,
            "CREATE IMAGE REPOSITORY db.sch.owner; CREATE IMAGE REPOSITORY db.sch.intruder; " +
            "CREATE ROLE owner_role; CREATE ROLE intruder_role; " +
            "GRANT USAGE ON DATABASE db TO ROLE owner_role; GRANT USAGE ON SCHEMA db.sch TO ROLE owner_role; " +
            "GRANT USAGE ON DATABASE db TO ROLE intruder_role; GRANT USAGE ON SCHEMA db.sch TO ROLE intruder_role; " +
            "GRANT WRITE ON IMAGE REPOSITORY db.sch.owner TO ROLE owner_role; " +
            "GRANT WRITE ON IMAGE REPOSITORY db.sch.intruder TO ROLE owner_role; " +
            "GRANT WRITE ON IMAGE REPOSITORY db.sch.intruder TO ROLE intruder_role; " +
            $"CREATE USER owner PASSWORD = '{Password}'; GRANT ROLE owner_role TO USER owner; " +
            $"CREATE USER intruder PASSWORD = '{Password}'; GRANT ROLE intruder_role TO USER intruder;",
            Host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string> Verbs => ["GET", "PATCH", "PUT-empty", "PUT-body", "DELETE"];

    /// <summary>The probe's attack: another user, on a repository of their own, names the owner's upload id.</summary>
    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task AnotherUser_OnTheirOwnRepository_IsBlobUploadUnknownAndUploadUntouched(string verb)
    {
        string owner = await TokenAsync("owner", OwnersImage);
        string uploadId = await OpenUploadWithChunkAsync(owner);
        string intruder = await TokenAsync("intruder", IntrudersImage);

        HttpResponseMessage attempt = await SendVerbAsync(verb, IntrudersImage, uploadId, intruder);

        await AssertRefusedAndUntouchedAsync(attempt, owner, uploadId, intruder, IntrudersImage);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task AnotherUser_OnTheOwnersRepository_IsBlobUploadUnknownAndUploadUntouched(string verb)
    {
        string owner = await TokenAsync("owner", OwnersImage);
        string uploadId = await OpenUploadWithChunkAsync(owner);
        string admin = await TokenAsync("ADMIN", OwnersImage, RegistryHost.AdminPassword);

        HttpResponseMessage attempt = await SendVerbAsync(verb, OwnersImage, uploadId, admin);

        await AssertRefusedAndUntouchedAsync(attempt, owner, uploadId, admin, OwnersImage);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task SameUser_OnAnotherRepository_IsBlobUploadUnknownAndUploadUntouched(string verb)
    {
        string owner = await TokenAsync("owner", OwnersImage);
        string uploadId = await OpenUploadWithChunkAsync(owner);
        string elsewhere = await TokenAsync("owner", IntrudersImage);

        HttpResponseMessage attempt = await SendVerbAsync(verb, IntrudersImage, uploadId, elsewhere);

        await AssertRefusedAndUntouchedAsync(attempt, owner, uploadId, elsewhere, IntrudersImage);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task SameUser_OnAnotherImageOfTheRepository_IsBlobUploadUnknownAndUploadUntouched(string verb)
    {
        const string sibling = "db/sch/owner/other";
        string owner = await TokenAsync("owner", OwnersImage);
        string uploadId = await OpenUploadWithChunkAsync(owner);
        string siblingToken = await TokenAsync("owner", sibling);

        HttpResponseMessage attempt = await SendVerbAsync(verb, sibling, uploadId, siblingToken);

        await AssertRefusedAndUntouchedAsync(attempt, owner, uploadId, siblingToken, sibling);
    }

    private async Task AssertRefusedAndUntouchedAsync(HttpResponseMessage attempt, string owner, string uploadId, string intruder, string intrudersImage)
    {
        Assert.Equal((HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN"), (attempt.StatusCode, await attempt.ErrorCodeAsync()));

        HttpResponseMessage leaked = await SendAsync(HttpMethod.Head, $"/v2/{intrudersImage}/blobs/{OciClient.DigestOf(Chunk)}", intruder);
        Assert.Equal(HttpStatusCode.NotFound, leaked.StatusCode);

        HttpResponseMessage status = await SendAsync(HttpMethod.Get, UploadPath(OwnersImage, uploadId), owner);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal($"0-{Chunk.Length - 1}", status.Header("Range"));

        HttpResponseMessage finished = await SendAsync(HttpMethod.Put, $"{UploadPath(OwnersImage, uploadId)}?digest={OciClient.DigestOf(Chunk)}", owner);
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
    }

    private async Task<string> OpenUploadWithChunkAsync(string token)
    {
        HttpResponseMessage start = await SendAsync(HttpMethod.Post, $"/v2/{OwnersImage}/blobs/uploads/", token);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        string uploadId = start.Header("Docker-Upload-UUID")!;
        HttpResponseMessage patch = await SendAsync(HttpMethod.Patch, UploadPath(OwnersImage, uploadId), token, Octets(Chunk));
        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        return uploadId;
    }

    private Task<HttpResponseMessage> SendVerbAsync(string verb, string image, string uploadId, string token)
    {
        string location = UploadPath(image, uploadId);
        string withDigest = $"{location}?digest={OciClient.DigestOf(Chunk)}";
        return verb switch
        {
            "GET" => SendAsync(HttpMethod.Get, location, token),
            "PATCH" => SendAsync(HttpMethod.Patch, location, token, Octets(Encoding.UTF8.GetBytes("more"))),
            "PUT-empty" => SendAsync(HttpMethod.Put, withDigest, token),
            "PUT-body" => SendAsync(HttpMethod.Put, $"{location}?digest={OciClient.DigestOf([.. Chunk, .. "x"u8.ToArray()])}", token, Octets("x"u8.ToArray())),
            "DELETE" => SendAsync(HttpMethod.Delete, location, token),
            _ => throw new ArgumentOutOfRangeException(nameof(verb)),
        };
    }

    private static string UploadPath(string image, string uploadId) => $"/v2/{image}/blobs/uploads/{uploadId}";

    private static ByteArrayContent Octets(byte[] bytes)
    {
        ByteArrayContent content = new(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private async Task<string> TokenAsync(string user, string image, string password = Password)
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync(user, password, [$"repository:{image}:pull,push"])).TokenBodyAsync();
        return body.GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using HttpRequestMessage request = new(method, path) { Content = content };
        request.Headers.Host = Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }
}
