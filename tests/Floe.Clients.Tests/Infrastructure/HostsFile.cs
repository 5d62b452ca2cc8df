namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// Maps account hostnames to 127.0.0.1 in <c>/etc/hosts</c> for the duration of a test — docker,
/// podman and skopeo resolve names with their own resolver, which does not know <c>*.localhost</c> —
/// and removes exactly the lines it added afterwards, even when the test fails.
/// </summary>
public sealed class HostsFile : IDisposable
{
    private const string Path = "/etc/hosts";
    private static readonly SemaphoreSlim Lock = new(1, 1);
    private readonly string _marker = "# floe-test-" + Guid.NewGuid().ToString("N");

    private HostsFile()
    {
    }

    public static HostsFile Map(params string[] hostnames)
    {
        HostsFile hosts = new();
        Lock.Wait();
        try
        {
            File.AppendAllLines(Path, hostnames.Select(name => $"127.0.0.1 {name} {hosts._marker}"));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidOperationException("the real-client tests map account hosts in /etc/hosts and must run as root", ex);
        }
        finally
        {
            Lock.Release();
        }

        return hosts;
    }

    public void Dispose()
    {
        Lock.Wait();
        try
        {
            string[] kept = [.. File.ReadAllLines(Path).Where(line => !line.EndsWith(_marker, StringComparison.Ordinal))];
            File.WriteAllLines(Path, kept);
        }
        finally
        {
            Lock.Release();
        }
    }
}
