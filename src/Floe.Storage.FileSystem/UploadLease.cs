namespace Floe.Storage.FileSystem;

/// <summary>Exclusive use of one upload session; disposing it lets the next caller in.</summary>
internal sealed class UploadLease : IDisposable
{
    private readonly UploadSessions owner;
    private readonly string uploadId;

    public UploadLease(UploadSessions owner, string uploadId, UploadSession session)
    {
        this.owner = owner;
        this.uploadId = uploadId;
        Session = session;
    }

    public UploadSession Session { get; }

    /// <summary>Ends the session (commit, cancel, or file gone); waiters will find no current session.</summary>
    public void Forget() => owner.Forget(uploadId, Session);

    public void Dispose() => Session.Gate.Release();
}
