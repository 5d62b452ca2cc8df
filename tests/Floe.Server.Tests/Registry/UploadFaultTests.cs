using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Server.Registry;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Registry;

/// <summary>
/// Uploads that fail partway, over the real SQLite and filesystem stores: a single-request upload
/// leaves nothing behind at once; a chunk cut off by its client is taken back and the upload goes on;
/// a chunk that meets a full disk ends the upload and frees its space.
/// </summary>
public sealed class UploadFaultTests : IAsyncLifetime
{
    private const int ENOSPC = 28;
    private RegistryHost _host = null!;
    private UploadService _uploads = null!;
    private RepositoryTarget _target = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync();
        _uploads = _host.Service<UploadService, UploadService>();
        Result<RepositoryTarget> target = await _host.Service<RepositoryResolver, RepositoryResolver>()
            .ResolveAsync(_host.Account, RegistryHost.RepositoryPath + "/img", CancellationToken.None);
        _target = target.Value!;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, Exception> Failures() => new()
    {
        { "client hung up", new IOException("The client reset the connection.") },
        { "disk full", new IOException("No space left on device", ENOSPC) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task UploadWholeAsync_BodyFails_LeavesNoUploadFileOrRecord(string name, Exception failure)
    {
        byte[] content = Pattern(700_000);
        await using FailingStream body = new(content, failure);

        await Assert.ThrowsAsync<IOException>(async () =>
            await _uploads.UploadWholeAsync(_target, Digest.Sha256Of(content), body, CancellationToken.None));

        Assert.Equal(0, await _host.Store.CountUploadsAsync(CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(UploadsDirectory));
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task AppendAsync_ClientHungUpMidChunk_UploadKeepsItsWholeChunksAndCompletes()
    {
        UploadState upload = await _uploads.StartAsync(_target, DigestAlgorithm.Sha256, CancellationToken.None);
        byte[] first = Pattern(300_000);
        await using (MemoryStream chunk = new(first))
        {
            Assert.True((await _uploads.AppendAsync(_target, upload.Id, null, chunk, CancellationToken.None)).IsSuccess);
        }

        await using (FailingStream cut = new(Pattern(500_000, seed: 2), new IOException("The client reset the connection.")))
        {
            await Assert.ThrowsAsync<IOException>(async () => await _uploads.AppendAsync(_target, upload.Id, null, cut, CancellationToken.None));
        }

        Assert.Equal(first.Length, (await _uploads.GetStatusAsync(_target, upload.Id, CancellationToken.None)).Value.Size);
        byte[] rest = Pattern(1_000, seed: 3);
        await using (MemoryStream chunk = new(rest))
        {
            Assert.True((await _uploads.AppendAsync(_target, upload.Id, null, chunk, CancellationToken.None)).IsSuccess);
        }

        Result<Core.Blobs.BlobInfo> blob = await _uploads.CompleteAsync(_target, upload.Id, Digest.Sha256Of([.. first, .. rest]), CancellationToken.None);
        Assert.True(blob.IsSuccess);
    }

    [Fact]
    public async Task AppendAsync_DiskFullMidChunk_EndsTheUploadAndFreesItsFile()
    {
        UploadState upload = await _uploads.StartAsync(_target, DigestAlgorithm.Sha256, CancellationToken.None);
        await using (MemoryStream chunk = new(Pattern(300_000)))
        {
            Assert.True((await _uploads.AppendAsync(_target, upload.Id, null, chunk, CancellationToken.None)).IsSuccess);
        }

        await using (FailingStream full = new(Pattern(500_000, seed: 2), new IOException("No space left on device", ENOSPC)))
        {
            await Assert.ThrowsAsync<IOException>(async () => await _uploads.AppendAsync(_target, upload.Id, null, full, CancellationToken.None));
        }

        Result<UploadState> status = await _uploads.GetStatusAsync(_target, upload.Id, CancellationToken.None);
        Assert.Equal(RegistryErrors.BlobUploadUnknown, status.Error?.Code);
        Assert.Equal(0, await _host.Store.CountUploadsAsync(CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(UploadsDirectory));
    }

    private string UploadsDirectory => Path.Combine(_host.DataDir, "storage", "uploads");

    private static byte[] Pattern(int length, int seed = 1)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
