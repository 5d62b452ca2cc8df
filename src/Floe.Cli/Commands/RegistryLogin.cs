using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Floe.Cli.Connections;
using Floe.Cli.Output;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe spcs image-registry login</c>: <c>docker login --username 0sessiontoken --password-stdin
/// &lt;host&gt;</c> when docker is on <c>PATH</c>, else podman's, else the entry written into the Docker
/// config file (<c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>) that docker, podman,
/// skopeo and others read.
/// </summary>
internal static class RegistryLogin
{
    public const string SessionTokenUser = "0sessiontoken";
    public const string Succeeded = "Login Succeeded";

    public static async Task<int> RunAsync(ClientSession session, string host, CancellationToken cancellationToken)
    {
        foreach (string tool in (string[])["docker", "podman"])
        {
            if (FindOnPath(session.Environment, tool) is { } path)
            {
                return await RunToolAsync(session, tool, path, host, cancellationToken);
            }
        }
        return WriteDockerConfig(session, host);
    }

    public static string? FindOnPath(CliEnvironment environment, string name)
    {
        foreach (string directory in (environment.GetVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows()
                || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }
        }
        return null;
    }

    private static async Task<int> RunToolAsync(ClientSession session, string tool, string path, string host, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = new(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in LoginArguments(tool, host, session.Client.BaseAddress))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (KeyValuePair<string, string> variable in session.Environment.Variables)
        {
            start.Environment[variable.Key] = variable.Value;
        }
        using Process process = new() { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return session.Fail($"cannot run {path}: {e.Message}");
        }
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.StandardInput.WriteLineAsync(session.Token.Token.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool ended without reading its input; its exit code and message say why.
        }
        await process.WaitForExitAsync(cancellationToken);
        string said = (await output).Trim();
        string complaint = (await error).Trim();
        if (process.ExitCode != 0)
        {
            return session.Fail($"{tool} login {host} failed (exit code {process.ExitCode})" + (complaint.Length > 0 ? ": " + complaint : ""));
        }
        session.Output.WriteLine(said.Length > 0 ? said : Succeeded);
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>login --username 0sessiontoken --password-stdin &lt;host&gt;</c>. Over plain HTTP podman needs
    /// <c>--tls-verify=false</c> (it tries HTTPS otherwise); docker has no such flag: its daemon uses HTTP
    /// on its own for a registry on a loopback address, and <c>insecure-registries</c> for any other.
    /// </summary>
    internal static IReadOnlyList<string> LoginArguments(string tool, string host, Uri floe) =>
        tool == "podman" && floe.Scheme == Uri.UriSchemeHttp
            ? ["login", "--tls-verify=false", "--username", SessionTokenUser, "--password-stdin", host]
            : ["login", "--username", SessionTokenUser, "--password-stdin", host];

    private static int WriteDockerConfig(ClientSession session, string host)
    {
        string directory = session.Environment.GetVariable("DOCKER_CONFIG") ?? Path.Combine(session.Environment.HomeDirectory, ".docker");
        string file = Path.Combine(directory, "config.json");
        JsonObject config;
        try
        {
            config = File.Exists(file)
                ? JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new JsonException("not a JSON object")
                : [];
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return session.Fail($"cannot read Docker config file {file}: {e.Message}");
        }
        if (config["auths"] is not JsonObject auths)
        {
            auths = [];
            config["auths"] = auths;
        }
        string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(SessionTokenUser + ":" + session.Token.Token));
        auths[host] = new JsonObject { ["auth"] = credentials };
        try
        {
            PrivateFile.Write(file, Serialize(config));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return session.Fail($"cannot write Docker config file {file}: {e.Message}");
        }
        if (config["credHelpers"] is JsonObject helpers && helpers.ContainsKey(host) || config["credsStore"] is not null)
        {
            session.Error.WriteLine($"note: {file} names a credential helper, which docker asks before this entry");
        }
        session.Output.WriteLine(Succeeded);
        return ExitCodes.Success;
    }

    private static string Serialize(JsonObject config)
    {
        using StringWriter text = new();
        JsonOutput.Write(text, config);
        return text.ToString();
    }
}
