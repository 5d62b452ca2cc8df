using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Floe.Cli.Client;

namespace Floe.Cli.Output;

/// <summary>
/// One statement: an array of objects, column name → value (a string, or <c>null</c> for SQL NULL).
/// Several statements: an array of such arrays, in statement order. Indented; non-ASCII text is written
/// as is rather than as <c>\uXXXX</c>. A repeated column name appears twice in the object, as the API
/// sends it.
/// </summary>
internal static class JsonResultFormatter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static void Write(TextWriter writer, IReadOnlyList<StatementResult> results)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter json = new(buffer, WriterOptions))
        {
            if (results.Count == 1)
            {
                WriteRows(json, results[0]);
            }
            else
            {
                json.WriteStartArray();
                foreach (StatementResult result in results)
                {
                    WriteRows(json, result);
                }
                json.WriteEndArray();
            }
        }
        writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteRows(Utf8JsonWriter json, StatementResult result)
    {
        json.WriteStartArray();
        foreach (IReadOnlyList<string?> row in result.Rows)
        {
            json.WriteStartObject();
            for (int i = 0; i < result.Columns.Count; i++)
            {
                json.WriteString(result.Columns[i].Name, i < row.Count ? row[i] : null);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
