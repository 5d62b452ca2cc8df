using System.ComponentModel;
using System.Diagnostics;

namespace Floe.Cli.Client.ExternalBrowser;

/// <summary>
/// Opens a URL in the person's browser where there is one: <c>open</c> on macOS, the shell on Windows, and
/// <c>xdg-open</c> on Linux when a desktop session is there (<c>DISPLAY</c> or <c>WAYLAND_DISPLAY</c>). It never
/// fails: on a server or over SSH nothing opens, and the printed URL is what the person uses.
/// </summary>
internal static class BrowserLauncher
{
    public static bool TryOpen(Uri url, Func<string, string?> variable)
    {
        ProcessStartInfo? start = null;
        if (OperatingSystem.IsWindows())
        {
            start = new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true };
        }
        else if (OperatingSystem.IsMacOS())
        {
            start = new ProcessStartInfo("open");
        }
        else if (variable("DISPLAY") is not null || variable("WAYLAND_DISPLAY") is not null)
        {
            start = new ProcessStartInfo("xdg-open");
        }
        if (start is null)
        {
            return false;
        }
        if (!start.UseShellExecute)
        {
            start.ArgumentList.Add(url.AbsoluteUri);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
        }

        try
        {
            using Process? process = Process.Start(start);
            return process is not null;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
