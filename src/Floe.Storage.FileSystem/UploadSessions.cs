using System.Collections.Concurrent;
using Floe.Core.Content;

namespace Floe.Storage.FileSystem;

/// <summary>
/// The upload sessions of this process, keyed by upload id. A session exists only for an upload
/// whose file exists, so unknown or hostile ids never add entries.
/// </summary>
internal sealed class UploadSessions
{
    private readonly ConcurrentDictionary<string, UploadSession> sessions = new(StringComparer.Ordinal);

    /// <summary>Registers a freshly created upload, replacing any stale session of the same id.</summary>
    public void Begin(string uploadId, DigestAlgorithm algorithm) =>
        sessions[uploadId] = UploadSession.Hashing(algorithm);

    /// <summary>
    /// Waits for exclusive use of the upload. Returns <c>null</c> when neither a session nor the file
    /// exists. The previous append may still be finishing (<see cref="UploadSession.Settled"/>). The
    /// caller must still cope with the file vanishing (another process may delete it).
    /// </summary>
    public async ValueTask<UploadLease?> EnterAsync(string uploadId, string uploadPath, CancellationToken cancellationToken)
    {
        while (true)
        {
            UploadSession? session = Find(uploadId, uploadPath);
            if (session is null)
            {
                return null;
            }

            await session.Gate.WaitAsync(cancellationToken);
            if (sessions.TryGetValue(uploadId, out UploadSession? current) && ReferenceEquals(current, session))
            {
                return new UploadLease(this, uploadId, session);
            }

            // Committed, cancelled or restarted while we waited: look again.
            session.Gate.Release();
        }
    }

    /// <summary>This process's session for the upload, if it has one (it is not created here).</summary>
    public UploadSession? Peek(string uploadId) => sessions.TryGetValue(uploadId, out UploadSession? session) ? session : null;

    /// <summary>Drops the session if it is still the current one for its id.</summary>
    public void Forget(string uploadId, UploadSession session)
    {
        if (sessions.TryRemove(KeyValuePair.Create(uploadId, session)))
        {
            session.Dispose();
        }
    }

    private UploadSession? Find(string uploadId, string uploadPath)
    {
        if (sessions.TryGetValue(uploadId, out UploadSession? session))
        {
            return session;
        }

        return File.Exists(uploadPath) ? sessions.GetOrAdd(uploadId, _ => UploadSession.Untracked()) : null;
    }
}
