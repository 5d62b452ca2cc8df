using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Floe.Cli.Output;

/// <summary>Writes a command's own JSON (not a result set): indented, non-ASCII as is, like <see cref="JsonResultFormatter"/>.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter writer, JsonNode node)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter json = new(buffer, WriterOptions))
        {
            node.WriteTo(json);
        }
        writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
