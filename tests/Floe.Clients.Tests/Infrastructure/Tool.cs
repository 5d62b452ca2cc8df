using System.Diagnostics;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>Runs a real command-line tool (skopeo, umoci, docker, podman) and captures what it printed.</summary>
public static class Tool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public Run EnsureSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}):\n{Stdout}\n{Stderr}");

        /// <summary>Everything the tool printed, for asserting on a message whichever stream it went to.</summary>
        public string Output => Stdout + Stderr;
    }

    public static Task<Run> RunAsync(string file, params string[] arguments) => RunAsync(file, arguments, environment: null, stdin: null);

    /// <summary>
    /// Runs the tool with extra environment variables and, when given, <paramref name="stdin"/> written to
    /// its standard input. A tool still running after three minutes is killed with its children: a test
    /// never leaves a process behind.
    /// </summary>
    public static async Task<Run> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? stdin)
    {
        ProcessStartInfo start = new(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using CancellationTokenSource timeout = new(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} ran longer than {Timeout} and was killed:\n{await stdout}\n{await stderr}");
        }

        return new Run(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> CheckedAsync(string file, params string[] arguments) =>
        (await RunAsync(file, arguments)).EnsureSuccess($"{file} {string.Join(' ', arguments)}").Stdout;
}
