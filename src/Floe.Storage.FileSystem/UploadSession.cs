using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Floe.Core.Content;

namespace Floe.Storage.FileSystem;

/// <summary>
/// This process's state for one upload: a gate that serializes its appends and commit, the running
/// hash of its bytes while they arrive in order here, and the last append's unfinished business (its
/// last write, when the store defers it). The hash is only a shortcut: when it is missing or out of
/// step with the file, the commit re-hashes the file.
/// </summary>
internal sealed class UploadSession : IDisposable
{
    private IncrementalHash? hasher;
    private DigestAlgorithm algorithm;
    private long hashedLength;
    private Task settled = Task.CompletedTask;
    private Exception? lastWriteFailure;
    private long answeredLength = -1;

    private UploadSession(IncrementalHash? hasher, DigestAlgorithm algorithm)
    {
        this.hasher = hasher;
        this.algorithm = algorithm;
    }

    /// <summary>Held by whoever touches the upload's file; waiters re-check that the session is still current.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>
    /// Completes when the last append has finished with the file: its last write done and the file
    /// closed. Never faults. Before reading the file (its length, its bytes) or writing to it, whoever
    /// holds the gate waits for this.
    /// </summary>
    public Task Settled => Volatile.Read(ref settled);

    /// <summary>
    /// The upload's length as the last append here answered it, which the file reaches once
    /// <see cref="Settled"/> completes; <c>null</c> when the file's own length is to be read (no
    /// append here yet, or one was taken back). Only kept where appends may answer before their last
    /// write (<see cref="FileSystemBlobStoreOptions.ExclusiveUploads"/>).
    /// </summary>
    public long? AnsweredLength
    {
        get => Volatile.Read(ref answeredLength) is var length and >= 0 ? length : null;
        set => Volatile.Write(ref answeredLength, value ?? -1);
    }

    /// <summary>Records what the append that holds the gate leaves running (see <see cref="Settled"/>).</summary>
    public void LeaveRunning(Task finishing) => Volatile.Write(ref settled, finishing);

    /// <summary>Records that an append's deferred last write failed: the upload is broken from then on.</summary>
    public void RecordLastWriteFailure(Exception failure) => Volatile.Write(ref lastWriteFailure, failure);

    /// <summary>
    /// Throws the failure of an append's deferred write, on every later append and commit: the client
    /// was told that append succeeded, so the upload's next steps fail the way the append itself
    /// would have (the registry then ends the upload).
    /// </summary>
    public void ThrowIfLastWriteFailed()
    {
        if (Volatile.Read(ref lastWriteFailure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>A session for an upload started here: hashing from byte zero.</summary>
    public static UploadSession Hashing(DigestAlgorithm algorithm) =>
        new(IncrementalHash.CreateHash(Digest.HashName(algorithm)), algorithm);

    /// <summary>A session for an upload whose earlier bytes this process did not see.</summary>
    public static UploadSession Untracked() => new(null, DigestAlgorithm.Sha256);

    /// <summary>Feeds bytes just written at <paramref name="offset"/>; a gap or overlap drops the hash.</summary>
    public void Observe(long offset, ReadOnlySpan<byte> bytes)
    {
        if (hasher is null)
        {
            return;
        }

        if (offset != hashedLength)
        {
            Dispose();
            return;
        }

        hasher.AppendData(bytes);
        hashedLength += bytes.Length;
    }

    /// <summary>The digest of the first <paramref name="length"/> bytes, if the running hash covers exactly them.</summary>
    public bool TryGetDigest(DigestAlgorithm wanted, long length, out Digest digest)
    {
        digest = default;
        if (hasher is null || algorithm != wanted || hashedLength != length)
        {
            return false;
        }

        digest = Digest.FromHash(wanted, hasher.GetCurrentHash());
        return true;
    }

    /// <summary>Takes over a hash computed from the file (the re-hash path), so later appends continue it.</summary>
    public void Adopt(DigestAlgorithm hashed, IncrementalHash computed, long length)
    {
        Dispose();
        hasher = computed;
        algorithm = hashed;
        hashedLength = length;
    }

    /// <summary>Forgets the running hash (bytes it has seen were taken back); the commit re-hashes the file.</summary>
    public void DropHash() => Dispose();

    /// <summary>Releases the hash. The gate is left alone: late waiters may still hold it.</summary>
    public void Dispose()
    {
        hasher?.Dispose();
        hasher = null;
        hashedLength = 0;
    }
}
