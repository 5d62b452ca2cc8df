using System.Buffers;
using System.Security.Cryptography;
using Floe.Core.Content;

namespace Floe.Core.Blobs;

/// <summary>
/// Streaming I/O on an upload's file through one pooled buffer, so memory use does not depend on
/// the blob's size.
/// </summary>
internal static class UploadFile
{
    /// <summary>Large enough that a 1 GiB layer takes 4096 writes, small enough to keep many uploads in flight.</summary>
    public const int BufferSize = 256 * 1024;

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
    /// Copies <paramref name="content"/> to the end of <paramref name="file"/> (which is at
    /// <paramref name="offset"/>) and feeds each chunk to the session's hash once it is written.
    /// Returns the number of bytes appended.
    /// </summary>
    public static async ValueTask<long> AppendAsync(
        Stream content, FileStream file, long offset, UploadSession session, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long written = 0;
            while (true)
            {
                int read = await content.ReadAtLeastAsync(
                    buffer.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, cancellationToken);
                if (read > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    session.Observe(offset + written, buffer.AsSpan(0, read));
                    written += read;
                }

                if (read < BufferSize)
                {
                    return written;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
