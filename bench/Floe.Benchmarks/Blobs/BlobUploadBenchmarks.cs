using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Storage.FileSystem;

namespace Floe.Benchmarks.Blobs;

/// <summary>
/// A monolithic blob upload through <see cref="FileSystemBlobStore"/>: start, append the whole blob
/// from a stream, commit (verify digest, fsync, rename, fsync the directory), then delete the blob so
/// the next run commits anew rather than finding it stored. Bytes allocated should not grow with
/// <see cref="SizeMiB"/>: appends stream through one pooled buffer. The two baselines show the floor
/// under the upload: hashing the bytes once, and writing them in the store's chunk size plus fsync.
/// </summary>
[MemoryDiagnoser]
public class BlobUploadBenchmarks
{
    private const int ChunkSize = 256 * 1024;

    private string directory = string.Empty;
    private FileSystemBlobStore? store;
    private byte[] content = [];
    private Digest digest;
    private int uploads;

    [Params(1, 16)]
    public int SizeMiB { get; set; }

    private FileSystemBlobStore Store => store ?? throw new InvalidOperationException("GlobalSetup has not run");

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "floe-bench-blobs-" + Guid.NewGuid().ToString("N"));
        store = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = directory });
        content = new byte[SizeMiB * 1024 * 1024];
        new Random(42).NextBytes(content);
        digest = Digest.Sha256Of(content);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    [Benchmark]
    public async Task<long> AppendAndCommit()
    {
        string id = "bench-" + (++uploads).ToString(CultureInfo.InvariantCulture);
        CancellationToken none = CancellationToken.None;
        await Store.StartUploadAsync(id, DigestAlgorithm.Sha256, none);
        using MemoryStream source = new(content, writable: false);
        AppendResult appended = await Store.AppendAsync(id, 0, source, none);
        CommitResult committed = await Store.CommitAsync(id, digest, none);
        if (committed.Status != CommitStatus.Committed)
        {
            throw new InvalidOperationException($"commit failed: {committed.Status}");
        }

        await Store.DeleteAsync(digest, none);
        return appended.Size;
    }

    [Benchmark]
    public byte[] Sha256Only() => SHA256.HashData(content);

    [Benchmark]
    public async Task<long> WriteAndFsyncOnly()
    {
        string path = Path.Combine(directory, "baseline");
        await using (FileStream file = new(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
        {
            for (int offset = 0; offset < content.Length; offset += ChunkSize)
            {
                await file.WriteAsync(content.AsMemory(offset, Math.Min(ChunkSize, content.Length - offset)));
            }

            file.Flush(flushToDisk: true);
        }

        File.Delete(path);
        return content.Length;
    }
}
