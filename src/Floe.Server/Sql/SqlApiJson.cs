using System.Text.Encodings.Web;
using System.Text.Json;
using Floe.Sql.Errors;
using Floe.Sql.Execution;

namespace Floe.Server.Sql;

/// <summary>Writes the SQL API's response bodies in the shape of Snowflake's SQL API v2.</summary>
internal static class SqlApiJson
{
    public const string SuccessCode = "090001";
    public const string SuccessState = "00000";
    public const string SuccessMessage = "Statement executed successfully.";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One statement: its fields at the top level. Several: the same fields per statement under <c>results</c>.</summary>
    public static byte[] Success(IReadOnlyList<SqlStatementResult> results, Guid handle)
    {
        return Write(writer =>
        {
            if (results.Count == 1)
            {
                WriteStatement(writer, results[0], handle);
                return;
            }

            writer.WriteStartObject();
            WriteStatus(writer, handle);
            writer.WriteStartArray("results");
            foreach (SqlStatementResult result in results)
            {
                WriteStatement(writer, result, Guid.NewGuid());
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// A failed statement: its code, SQL state and message at the top level, as Snowflake answers. When
    /// statements of the request ran before it (and keep their effect), <c>results</c> holds theirs, in
    /// the shape of a successful request's <c>results</c>, so a client can show what did happen.
    /// </summary>
    public static byte[] Error(SqlError error, Guid handle, IReadOnlyList<SqlStatementResult>? completed = null) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("code", error.Code);
        writer.WriteString("sqlState", error.SqlState);
        writer.WriteString("message", error.Message);
        writer.WriteString("statementHandle", handle.ToString());
        if (completed is { Count: > 0 })
        {
            writer.WriteStartArray("results");
            foreach (SqlStatementResult result in completed)
            {
                WriteStatement(writer, result, Guid.NewGuid());
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    });

    /// <summary>A failure of the request itself (not of SQL): authentication, a malformed body.</summary>
    public static byte[] RequestError(string code, string message) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    });

    private static void WriteStatement(Utf8JsonWriter writer, SqlStatementResult result, Guid handle)
    {
        writer.WriteStartObject();
        WriteStatus(writer, handle);
        writer.WriteStartObject("resultSetMetaData");
        writer.WriteNumber("numRows", result.Rows.Count);
        writer.WriteString("format", "jsonv2");
        writer.WriteStartArray("rowType");
        foreach (SqlColumn column in result.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", column.Type.ToLowerInvariant());
            writer.WriteBoolean("nullable", column.Nullable);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        WriteData(writer, result.Rows);
        writer.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter writer, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        writer.WriteStartArray("data");
        foreach (IReadOnlyList<string?> row in rows)
        {
            writer.WriteStartArray();
            foreach (string? value in row)
            {
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void WriteStatus(Utf8JsonWriter writer, Guid handle)
    {
        writer.WriteString("code", SuccessCode);
        writer.WriteString("sqlState", SuccessState);
        writer.WriteString("message", SuccessMessage);
        writer.WriteString("statementHandle", handle.ToString());
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer, Options))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
