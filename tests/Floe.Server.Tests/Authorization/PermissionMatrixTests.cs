using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Floe.Core.Content;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Authorization;

/// <summary>What a matrix row does over HTTP.</summary>
public enum MatrixAction
{
    /// <summary>The <c>access</c> the token endpoint grants for <c>pull,push</c>.</summary>
    Token,
    ManifestGet,
    BlobGet,
    BlobHead,

    /// <summary>Blob upload (POST, then PUT) and manifest PUT.</summary>
    Push,

    /// <summary>A mount into a repository the user may push to, from the cell's repository.</summary>
    Mount,
    TagsList,
    Referrers,
    Catalog,
}

/// <summary>
/// The permission matrix over HTTP (docs/design/authorization.md): every privilege on a
/// repository × PERSON or SERVICE user × registry action, with tokens from the real token endpoint. A
/// request the grants do not allow is <c>403 DENIED</c> (the OCI distribution-spec's code for it); a mount
/// from a repository the user may not pull quietly becomes an upload (<c>202</c>).
/// </summary>
public sealed class PermissionMatrixTests(GrantFixture fixture) : IClassFixture<GrantFixture>
{
    public static TheoryData<string, string, MatrixAction> Rows()
    {
        TheoryData<string, string, MatrixAction> rows = [];
        foreach (MatrixCell cell in MatrixCell.All)
        {
            foreach (MatrixAction action in Enum.GetValues<MatrixAction>())
            {
                rows.Add(cell.Privilege ?? "NONE", cell.UserType, action);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Request_ByPrivilegeAndUserType_FollowsTheContract(string privilege, string userType, MatrixAction action)
    {
        MatrixCell cell = MatrixCell.Find(privilege, userType);
        CellImage image = fixture.ImageOf(cell.Image);
        await (action switch
        {
            MatrixAction.Token => TokenAccessAsync(cell),
            MatrixAction.ManifestGet => ManifestGetAsync(cell, image),
            MatrixAction.BlobGet => BlobAsync(cell, image, HttpMethod.Get),
            MatrixAction.BlobHead => BlobAsync(cell, image, HttpMethod.Head),
            MatrixAction.Push => PushAsync(cell),
            MatrixAction.Mount => MountAsync(cell, image),
            MatrixAction.TagsList => TagsListAsync(cell),
            MatrixAction.Referrers => ReferrersAsync(cell, image),
            MatrixAction.Catalog => CatalogAsync(cell),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        });
    }

    /// <summary>
    /// Grant paths beyond one role holding one privilege: USAGE on the containers, ownership, the role
    /// hierarchy, PUBLIC, and a PAT's role restriction. The secret is a PAT's
    /// when named (see <see cref="GrantFixture"/>), else the user's password.
    /// </summary>
    [Theory]
    [InlineData("READ without USAGE on the database", "gp_nodbusage", null, "nodb/sch/repo/img", false, false)]
    [InlineData("READ without USAGE on the schema", "gp_noschusage", null, "nosch/sch/repo/img", false, false)]
    [InlineData("OWNERSHIP needs no USAGE", "gp_owner", null, "owned/sch/repo/img", true, true)]
    [InlineData("OWNERSHIP of the database and schema gives their USAGE", "gp_containers", null, "ownc/sch/repo/img", true, false)]
    [InlineData("READ on a role two levels below the user's role", "gp_nested", null, "nested/sch/repo/img", true, false)]
    [InlineData("READ and USAGE granted to PUBLIC reach a person with no roles", "u_none_person", null, "pub/sch/repo/img", true, false)]
    [InlineData("READ and USAGE granted to PUBLIC reach a service user", "u_none_service", "u_none_service", "pub/sch/repo/img", true, false)]
    [InlineData("READ through one role and WRITE through another", "gp_restricted", null, "restr/sch/repo/img", true, true)]
    [InlineData("PAT restricted to a role whose child role holds READ", "gp_restricted", "gp_restricted_top", "restr/sch/repo/img", true, false)]
    [InlineData("PAT restricted to the WRITE role", "gp_restricted", "gp_restricted_writer", "restr/sch/repo/img", true, true)]
    public async Task GrantPath_Scenario_DecidesPullPushAndCatalog(string path, string user, string? secretOf, string image, bool pull, bool push)
    {
        (string token, string[] access) = await fixture.TokenWithSecretAsync(user, fixture.SecretOf(secretOf ?? user), PullPush(image));

        Assert.True(ExpectedAccess(image, pull, push).SequenceEqual(access), $"{path}: granted {string.Join(' ', access)}");
        await AssertAllowedOrDeniedAsync(await fixture.SendAsync(HttpMethod.Get, $"/v2/{image}/manifests/latest", token), pull, HttpStatusCode.OK);
        await AssertAllowedOrDeniedAsync(await fixture.SendAsync(HttpMethod.Post, $"/v2/{image}/blobs/uploads/", token), push, HttpStatusCode.Accepted);
        (string catalogToken, _) = await fixture.TokenWithSecretAsync(user, fixture.SecretOf(secretOf ?? user), "registry:catalog:*");
        Assert.Equal(pull, (await CatalogNamesAsync(catalogToken)).Contains(image));
    }

    /// <summary>With authentication on, a repository that does not exist answers like one the caller may not use.</summary>
    [Theory]
    [InlineData("GET", "/manifests/latest")]
    [InlineData("POST", "/blobs/uploads/")]
    [InlineData("PUT", "/manifests/latest")]
    public async Task UnknownRepository_SameAnswerAsForbidden(string method, string suffix)
    {
        (string admin, _) = await fixture.TokenWithSecretAsync("ADMIN", RegistryHost.AdminPassword, PullPush("db/sch/ghost/img"));
        (string reader, _) = await fixture.TokenAsync("u_none_person", PullPush("db/sch/none_person/img"));
        using ByteArrayContent ghostBody = new(OciClient.Bytes("{}"));
        using ByteArrayContent forbiddenBody = new(OciClient.Bytes("{}"));

        HttpResponseMessage unknown = await fixture.SendAsync(new HttpMethod(method), "/v2/db/sch/ghost/img" + suffix, admin, method == "PUT" ? ghostBody : null);
        HttpResponseMessage forbidden = await fixture.SendAsync(new HttpMethod(method), "/v2/db/sch/none_person/img" + suffix, reader, method == "PUT" ? forbiddenBody : null);

        await AssertAllowedOrDeniedAsync(unknown, allowed: false, HttpStatusCode.OK);
        Assert.Equal(await forbidden.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(forbidden.StatusCode, unknown.StatusCode);
    }

    /// <summary>
    /// Within one account, a blob the user may not pull stays out of reach of a repository the user may
    /// push to: not readable by digest, not referable from a manifest, not claimable by an upload of other
    /// bytes; and an upload session belongs to the repository it was opened on.
    /// </summary>
    [Fact]
    public async Task PushRights_DoNotReachBlobsOfAnotherRepository()
    {
        // Nobody may pull none_person, so no matrix row mounts its layer anywhere.
        CellImage secret = fixture.ImageOf("db/sch/none_person/img");
        (string token, _) = await fixture.TokenAsync("u_write_person", PullPush(GrantFixture.TargetImage), PullPush("db/sch/write_person/img"));
        string target = $"/v2/{GrantFixture.TargetImage}";

        HttpResponseMessage read = await fixture.SendAsync(HttpMethod.Get, $"{target}/blobs/{secret.LayerDigest}", token);
        Assert.Equal((HttpStatusCode.NotFound, "BLOB_UNKNOWN"), (read.StatusCode, await read.ErrorCodeAsync()));

        byte[] config = OciClient.Bytes("{\"referrer\":\"of a blob it cannot read\"}");
        using ByteArrayContent configBody = new(config);
        Assert.Equal(HttpStatusCode.Created, (await fixture.SendAsync(HttpMethod.Post, $"{target}/blobs/uploads/?digest={OciClient.DigestOf(config)}", token, configBody)).StatusCode);
        byte[] manifest = OciClient.ImageManifest(OciClient.DigestOf(config), config.Length, Digest.Parse(secret.LayerDigest), 1);
        HttpResponseMessage referring = await PutManifestAsync(GrantFixture.TargetImage, token, manifest);
        Assert.Equal((HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN"), (referring.StatusCode, await referring.ErrorCodeAsync()));

        using ByteArrayContent otherBytes = new(OciClient.Bytes("not the secret layer"));
        HttpResponseMessage claimed = await fixture.SendAsync(HttpMethod.Post, $"{target}/blobs/uploads/?digest={secret.LayerDigest}", token, otherBytes);
        Assert.Equal((HttpStatusCode.BadRequest, "DIGEST_INVALID"), (claimed.StatusCode, await claimed.ErrorCodeAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Head, $"{target}/blobs/{secret.LayerDigest}", token)).StatusCode);

        HttpResponseMessage opened = await fixture.SendAsync(HttpMethod.Post, "/v2/db/sch/write_person/img/blobs/uploads/", token);
        string uploadId = opened.Headers.Location!.OriginalString.Split('/')[^1];
        HttpResponseMessage elsewhere = await fixture.SendAsync(HttpMethod.Get, $"{target}/blobs/uploads/{uploadId}", token);
        Assert.Equal((HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN"), (elsewhere.StatusCode, await elsewhere.ErrorCodeAsync()));
    }

    private static string PullPush(string image) => $"repository:{image}:pull,push";

    private static string[] ExpectedAccess(string image, bool pull, bool push) =>
        (pull, push) switch
        {
            (true, true) => [$"repository:{image}:pull,push"],
            (true, false) => [$"repository:{image}:pull"],
            (false, true) => [$"repository:{image}:push"],
            _ => [],
        };

    /// <summary>
    /// A pull-side request with a token asked for <c>pull</c>. The token holds the action only when the
    /// grants allow it, so a refusal here is the server's decision on a token that does not cover it.
    /// </summary>
    private async Task<HttpResponseMessage> GetAsync(MatrixCell cell, string path, HttpMethod method)
    {
        (string token, _) = await fixture.TokenAsync(cell.User, $"repository:{cell.Image}:pull");
        using HttpRequestMessage request = new(method, path);
        request.Headers.Host = GrantFixture.Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd(OciClient.OciManifestType);
        return await fixture.Client.SendAsync(request);
    }

    private async Task TokenAccessAsync(MatrixCell cell)
    {
        (_, string[] access) = await fixture.TokenAsync(cell.User, PullPush(cell.Image));
        Assert.Equal(ExpectedAccess(cell.Image, cell.Pull, cell.Push), access);
    }

    private async Task ManifestGetAsync(MatrixCell cell, CellImage image)
    {
        HttpResponseMessage manifest = await GetAsync(cell, $"/v2/{cell.Image}/manifests/latest", HttpMethod.Get);
        await AssertAllowedOrDeniedAsync(manifest, cell.Pull, HttpStatusCode.OK);
        Assert.Equal(cell.Pull ? image.ManifestDigest : null, manifest.Header("Docker-Content-Digest"));
    }

    /// <summary>GET answers the OCI envelope; HEAD has no body, so only its status tells.</summary>
    private async Task BlobAsync(MatrixCell cell, CellImage image, HttpMethod method)
    {
        HttpResponseMessage blob = await GetAsync(cell, $"/v2/{cell.Image}/blobs/{image.LayerDigest}", method);
        if (method == HttpMethod.Head)
        {
            Assert.Equal(cell.Pull ? HttpStatusCode.OK : HttpStatusCode.Forbidden, blob.StatusCode);
            return;
        }

        await AssertAllowedOrDeniedAsync(blob, cell.Pull, HttpStatusCode.OK);
        Assert.Equal(cell.Pull ? image.LayerDigest : null, blob.Header("Docker-Content-Digest"));
    }

    private async Task TagsListAsync(MatrixCell cell)
    {
        HttpResponseMessage tags = await GetAsync(cell, $"/v2/{cell.Image}/tags/list", HttpMethod.Get);
        await AssertAllowedOrDeniedAsync(tags, cell.Pull, HttpStatusCode.OK);
        Assert.True(!cell.Pull || (await JsonAsync(tags)).GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "latest"));
    }

    private async Task ReferrersAsync(MatrixCell cell, CellImage image)
    {
        HttpResponseMessage referrers = await GetAsync(cell, $"/v2/{cell.Image}/referrers/{image.ManifestDigest}", HttpMethod.Get);
        await AssertAllowedOrDeniedAsync(referrers, cell.Pull, HttpStatusCode.OK);
        Assert.True(!cell.Pull || (await JsonAsync(referrers)).GetProperty("manifests").EnumerateArray()
            .Any(m => m.GetProperty("digest").GetString() == image.ReferrerDigest));
    }

    private async Task PushAsync(MatrixCell cell)
    {
        (string token, _) = await fixture.TokenAsync(cell.User, PullPush(cell.Image));
        string uploads = $"/v2/{cell.Image}/blobs/uploads/";
        byte[] config = OciClient.Bytes("{\"pushed_by\":\"" + cell.User + "\"}");
        byte[] layer = OciClient.Bytes("pushed layer of " + cell.User);
        byte[] manifest = OciClient.ImageManifest(OciClient.DigestOf(config), config.Length, OciClient.DigestOf(layer), layer.Length);
        if (!cell.Push)
        {
            await AssertAllowedOrDeniedAsync(await fixture.SendAsync(HttpMethod.Post, uploads, token), allowed: false, HttpStatusCode.Accepted);
            await AssertAllowedOrDeniedAsync(await PutManifestAsync(cell.Image, token, manifest), allowed: false, HttpStatusCode.Created);
            return;
        }

        foreach (byte[] blob in new[] { config, layer })
        {
            HttpResponseMessage start = await fixture.SendAsync(HttpMethod.Post, uploads, token);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            using ByteArrayContent content = new(blob);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            HttpResponseMessage put = await fixture.SendAsync(HttpMethod.Put, $"{start.Headers.Location!.OriginalString}?digest={OciClient.DigestOf(blob)}", token, content);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        HttpResponseMessage pushed = await PutManifestAsync(cell.Image, token, manifest);
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
    }

    private async Task<HttpResponseMessage> PutManifestAsync(string image, string token, byte[] manifest)
    {
        using ByteArrayContent content = new(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(OciClient.OciManifestType);
        return await fixture.SendAsync(HttpMethod.Put, $"/v2/{image}/manifests/pushed", token, content);
    }

    /// <summary>Every cell's role holds WRITE on the target, so the mount succeeds exactly when the source may be pulled.</summary>
    private async Task MountAsync(MatrixCell cell, CellImage image)
    {
        (string token, string[] access) = await fixture.TokenAsync(cell.User, PullPush(GrantFixture.TargetImage), $"repository:{cell.Image}:pull");
        Assert.Contains($"repository:{GrantFixture.TargetImage}:pull,push", access);

        HttpResponseMessage mount = await fixture.SendAsync(HttpMethod.Post,
            $"/v2/{GrantFixture.TargetImage}/blobs/uploads/?mount={image.LayerDigest}&from={cell.Image}", token);

        Assert.Equal(cell.Pull ? HttpStatusCode.Created : HttpStatusCode.Accepted, mount.StatusCode);
        string expectedLocation = cell.Pull ? $"/v2/{GrantFixture.TargetImage}/blobs/{image.LayerDigest}" : $"/v2/{GrantFixture.TargetImage}/blobs/uploads/";
        Assert.StartsWith(expectedLocation, mount.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task CatalogAsync(MatrixCell cell)
    {
        (string token, string[] access) = await fixture.TokenAsync(cell.User, "registry:catalog:*");
        Assert.Equal(["registry:catalog:*"], access);

        string[] names = await CatalogNamesAsync(token);

        Assert.Equal(cell.Pull, names.Contains(cell.Image));
        Assert.DoesNotContain("db/sch/ghost/img", names);
    }

    private async Task<string[]> CatalogNamesAsync(string token)
    {
        HttpResponseMessage response = await fixture.SendAsync(HttpMethod.Get, "/v2/_catalog", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await JsonAsync(response)).GetProperty("repositories").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>The allowed status, or the refusal: <c>403 DENIED</c> in the OCI envelope.</summary>
    private static async Task AssertAllowedOrDeniedAsync(HttpResponseMessage response, bool allowed, HttpStatusCode success)
    {
        if (allowed)
        {
            Assert.True(response.StatusCode == success, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return;
        }

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("DENIED", await response.ErrorCodeAsync());
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
