using System.Diagnostics;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>Runs a real command-line tool (skopeo, umoci) and captures what it printed.</summary>
public static class Tool
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public Run EnsureSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}):\n{Stdout}\n{Stderr}");
    }

    public static async Task<Run> RunAsync(string file, params string[] arguments)
    {
        ProcessStartInfo start = new(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> CheckedAsync(string file, params string[] arguments) =>
        (await RunAsync(file, arguments)).EnsureSuccess($"{file} {string.Join(' ', arguments)}").Stdout;
}
