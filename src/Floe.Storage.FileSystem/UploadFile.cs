using System.Buffers;
using System.Security.Cryptography;
using Floe.Core.Content;

namespace Floe.Storage.FileSystem;

/// <summary>What an append took in: <paramref name="Count"/> bytes, the last of them written once <paramref name="LastWrite"/> completes.</summary>
internal readonly record struct AppendedBytes(long Count, Task LastWrite);

/// <summary>
/// Streaming I/O on an upload's file through one pooled buffer, so memory use does not depend on
/// the blob's size.
/// </summary>
internal static class UploadFile
{
    /// <summary>Large enough that a 1 GiB layer takes 4096 writes, small enough to keep many uploads in flight.</summary>
    public const int BufferSize = 256 * 1024;

    /// <summary>How much an append writes before asking the kernel to start writing it back.</summary>
    public const long WriteBackInterval = 8 * 1024 * 1024;

    /// <summary>Opens the file for appending or committing, or <c>null</c> when it does not exist.</summary>
    public static FileStream? TryOpen(string path, FileAccess access)
    {
        try
        {
            // No FileStream buffer: every read and write already goes through BufferSize-sized chunks.
            return new FileStream(path, FileMode.Open, access, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies <paramref name="content"/> to <paramref name="file"/> at <paramref name="offset"/> (its
    /// end) and feeds each chunk to the session's hash. Two pooled, aligned buffers overlap the work:
    /// while chunk <i>n</i> is written (on the thread pool, see <see cref="ChunkWriter"/>) this thread
    /// hashes it and then receives chunk <i>n + 1</i> into the other buffer. When the writes go through
    /// the page cache, every <see cref="WriteBackInterval"/> bytes the kernel is asked to start writing
    /// back, so the commit's fsync finds little left to flush.
    /// <para>
    /// Nothing is written or hashed before <paramref name="previous"/> (the upload's previous append,
    /// finishing) completes, and its failure is this append's; the first chunk is received meanwhile.
    /// With <paramref name="deferLastWrite"/> this returns once every byte has been received and
    /// hashed, while the last chunk's write may still be in flight: <see cref="AppendedBytes.LastWrite"/>
    /// completes when it is done (or faults when it failed). Otherwise every write has completed.
    /// Either way the buffers go back to the pool only once no write uses them.
    /// </para>
    /// </summary>
    public static async ValueTask<AppendedBytes> AppendAsync(
        Stream content, FileStream file, long offset, UploadSession session, Task previous, bool deferLastWrite, CancellationToken cancellationToken)
    {
        ChunkWriter writer = ChunkWriter.Open(file, offset);
        AlignedBuffer current = AlignedBuffer.Rent();
        AlignedBuffer next = AlignedBuffer.Rent();
        Task writing = previous;
        bool handedOver = false;
        try
        {
            long written = 0;
            long writeBackFrom = offset;
            while (true)
            {
                int read = await content.ReadAtLeastAsync(current.Memory, BufferSize, throwOnEndOfStream: false, cancellationToken);
                if (read > 0)
                {
                    await writing;
                    ReadOnlyMemory<byte> chunk = current.Memory[..read];
                    // Not the request's token: a deferred write outlives the request.
                    writing = writer.WriteAsync(chunk, offset + written, CancellationToken.None);
                    session.Observe(offset + written, chunk.Span);
                    written += read;
                    if (!writer.IsDirect && offset + written - writeBackFrom >= WriteBackInterval)
                    {
                        await writing;
                        DurableFiles.StartWriteBack(file.SafeFileHandle, writeBackFrom, offset + written - writeBackFrom);
                        writeBackFrom = offset + written;
                    }

                    (current, next) = (next, current);
                }

                if (read < BufferSize)
                {
                    Task lastWrite = ReleaseAfterAsync(writing, writer, current, next);
                    handedOver = true;
                    if (!deferLastWrite)
                    {
                        await lastWrite;
                        lastWrite = Task.CompletedTask;
                    }

                    return new AppendedBytes(written, lastWrite);
                }
            }
        }
        finally
        {
            if (!handedOver)
            {
                // A failed read or hash must not return a buffer that a write still uses; a write's own
                // failure has already been thrown by the await in the loop.
                await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                writer.Dispose();
                current.Return();
                next.Return();
            }
        }
    }

    /// <summary>Waits for <paramref name="write"/>, then releases what it used; its failure passes through.</summary>
    private static async Task ReleaseAfterAsync(Task write, ChunkWriter writer, AlignedBuffer first, AlignedBuffer second)
    {
        try
        {
            await write;
        }
        finally
        {
            writer.Dispose();
            first.Return();
            second.Return();
        }
    }

    /// <summary>Hashes the whole file from its start. The caller owns the returned hash.</summary>
    public static async ValueTask<IncrementalHash> HashAsync(
        FileStream file, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        IncrementalHash hasher = IncrementalHash.CreateHash(Digest.HashName(algorithm));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            file.Position = 0;
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hasher.AppendData(buffer, 0, read);
            }

            return hasher;
        }
        catch
        {
            hasher.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
