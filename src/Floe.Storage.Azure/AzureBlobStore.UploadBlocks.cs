using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Floe.Core.Blobs;
using Floe.Core.Content;
using BlobInfo = Floe.Core.Blobs.BlobInfo;

namespace Floe.Storage.Azure;

// The blocks of an upload in the container: staging blocks through the spill file, hashing what another node received, committing and copying the blob, and the upload's state blob.
public sealed partial class AzureBlobStore
{
    /// <summary>
    /// Stages <paramref name="content"/> as the next blocks of the upload's data blob, each gathered in a
    /// spill file of at most <see cref="AzureBlobStoreOptions.BlockSize"/> and staged while the body keeps
    /// streaming into the next (at most <see cref="AzureBlobStoreOptions.UploadConcurrency"/> blocks on disk
    /// or in flight). Returns the state to write once every block is staged; a block staged by a failed
    /// append is not in any state, and the retry stages its own under the same id.
    /// </summary>
    private async Task<UploadState> StageBlocksAsync(
        string uploadId, UploadState state, Stream content, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        BlockBlobClient data = _container.GetBlockBlobClient(_names.Data(uploadId));
        List<long> blocks = [.. state.Blocks];
        await using PartSends stages = new(_options.UploadConcurrency, cancellationToken);
        FileStream? spill = NewSpill();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            bool ended = false;
            while (!ended)
            {
                int room = (int)Math.Min(buffer.Length, _options.BlockSize - spill.Length);
                int read = await content.ReadAsync(buffer.AsMemory(0, room), cancellationToken);
                ended = read == 0;
                if (read > 0)
                {
                    hash?.AppendData(buffer, 0, read);
                    await spill.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (spill.Length == _options.BlockSize || (ended && spill.Length > 0))
                {
                    await spill.FlushAsync(cancellationToken);
                    Stage(stages, data, UploadState.BlockId(blocks.Count), spill);
                    blocks.Add(spill.Length);
                    spill = null;
                    await stages.WaitForRoomAsync();
                    spill = NewSpill();
                }
            }

            await stages.WhenAllAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (spill is not null)
            {
                await spill.DisposeAsync();
            }
        }

        return state with { Blocks = [.. blocks] };
    }

    private FileStream NewSpill() => new(
        Path.Combine(_spillDirectory, "floe-azure-" + Guid.NewGuid().ToString("N")),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>Hands <paramref name="spill"/> to a stage of its own, which stages it as block <paramref name="blockId"/> and then deletes it.</summary>
    private static void Stage(PartSends stages, BlockBlobClient data, string blockId, FileStream spill) =>
        stages.Start(async cancellationToken =>
        {
            await using (spill)
            {
                spill.Position = 0;
                await data.StageBlockAsync(blockId, spill, cancellationToken: cancellationToken);
            }
        });

    /// <summary>
    /// The digest of the upload's bytes, with the state after it: the running hash when this node saw them
    /// all, else the data blob's blocks are committed (so they can be read) and read back.
    /// </summary>
    private async Task<(Digest Digest, UploadState State)> DigestOfUploadAsync(
        string uploadId, UploadState state, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        IncrementalHash? running = _hashes.Find(uploadId, algorithm, state.Size);
        if (running is not null)
        {
            return (Digest.FromHash(algorithm, running.GetCurrentHash()), state);
        }

        IncrementalHash hash = IncrementalHash.CreateHash(Digest.HashName(algorithm));
        if (state.Size > 0)
        {
            state = await CommitDataAsync(uploadId, state, cancellationToken);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            try
            {
                await using Stream body = await _container.GetBlobClient(_names.Data(uploadId))
                    .OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        Digest digest = Digest.FromHash(algorithm, hash.GetCurrentHash());
        // Kept when it is the upload's own algorithm: a retried commit or a further append will not read again.
        if (algorithm == state.Algorithm)
        {
            _hashes.Keep(uploadId, algorithm, hash, state.Size);
        }
        else
        {
            hash.Dispose();
        }

        return (digest, state);
    }

    /// <summary>Commits every staged block of the data blob (a no-op when they all are), so its content can be read or copied.</summary>
    private async Task<UploadState> CommitDataAsync(string uploadId, UploadState state, CancellationToken cancellationToken)
    {
        if (state.Committed == state.Blocks.Length)
        {
            return state;
        }

        await _container.GetBlockBlobClient(_names.Data(uploadId)).CommitBlockListAsync(state.BlockIds, cancellationToken: cancellationToken);
        UploadState committed = state with { Committed = state.Blocks.Length };
        await WriteStateAsync(uploadId, committed, cancellationToken);
        return committed;
    }

    /// <summary>
    /// A server-side copy; the destination shows the source's content once the copy has completed, never
    /// before. Another copy of the same content to the same name (two uploads of one blob) may replace this
    /// one while it runs: whichever copy the blob records is waited for.
    /// </summary>
    private static async Task CopyAsync(BlobClient source, BlobClient destination, CancellationToken cancellationToken)
    {
        await destination.StartCopyFromUriAsync(source.Uri, cancellationToken: cancellationToken);
        while (true)
        {
            BlobProperties properties = (await destination.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            switch (properties.CopyStatus)
            {
                case CopyStatus.Pending:
                    await Task.Delay(CopyPollInterval, cancellationToken);
                    continue;
                case CopyStatus.Success:
                    return;
                default:
                    throw new IOException($"Copying '{source.Name}' to '{destination.Name}' ended {properties.CopyStatus}: {properties.CopyStatusDescription}");
            }
        }
    }

    private async Task DeleteUploadBlobsAsync(string uploadId, CancellationToken cancellationToken)
    {
        // The state goes first: from then on the upload is unknown, whatever else is left to remove.
        await _container.GetBlobClient(_names.State(uploadId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await foreach (BlobItem item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = _names.Upload(uploadId) }, cancellationToken))
        {
            await _container.GetBlobClient(item.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        // A data blob with staged blocks only is not listed, but it exists until its blocks are discarded.
        await _container.GetBlobClient(_names.Data(uploadId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private async Task<UploadState?> ReadStateAsync(string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobDownloadResult> json = await _container.GetBlobClient(_names.State(uploadId)).DownloadContentAsync(cancellationToken);
            return UploadState.FromJson(json.Value.Content.ToStream());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteStateAsync(string uploadId, UploadState state, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(_names.State(uploadId)).UploadAsync(new BinaryData(state.ToJson()), overwrite: true, cancellationToken);
}
