using Tomlyn;
using Tomlyn.Model;

namespace Floe.Cli.Connections;

/// <summary>
/// Adds a <c>[connections.&lt;name&gt;]</c> table to a config file, keeping its other content (comments
/// are not kept: the file is rewritten from its parsed form). The file is written with mode 0600.
/// </summary>
internal static class ConnectionConfigWriter
{
    public static bool TryAdd(
        string path, string name, IReadOnlyList<KeyValuePair<string, string>> values, bool makeDefault, bool overwrite,
        out string error)
    {
        TomlTable root;
        try
        {
            root = File.Exists(path)
                ? TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path), new TomlSerializerOptions { SourceName = path }) ?? []
                : [];
        }
        catch (Exception e) when (e is TomlException or IOException or UnauthorizedAccessException)
        {
            error = $"cannot read config file {path}: {e.Message}";
            return false;
        }
        if (!root.TryGetValue("connections", out object? section))
        {
            section = new TomlTable();
            root["connections"] = section;
        }
        if (section is not TomlTable connections)
        {
            error = $"invalid config file {path}: 'connections' must be a table";
            return false;
        }
        if (connections.ContainsKey(name) && !overwrite)
        {
            error = $"connection '{name}' already exists in {path} (use --overwrite to replace it)";
            return false;
        }
        TomlTable connection = [];
        foreach (KeyValuePair<string, string> value in values)
        {
            connection[value.Key] = value.Value;
        }
        connections[name] = connection;
        if (makeDefault)
        {
            root["default_connection_name"] = name;
        }
        try
        {
            PrivateFile.Write(path, TomlSerializer.Serialize(root, new TomlSerializerOptions()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot write config file {path}: {e.Message}";
            return false;
        }
        error = "";
        return true;
    }
}
