namespace Floe.Metadata.Sqlite.Connections;

/// <summary>
/// SQL text that every pooled connection compiles once and keeps for its lifetime. Instances are
/// <c>static readonly</c> fields and are looked up by reference, so finding the compiled command
/// costs a pointer hash rather than hashing the SQL text.
/// </summary>
internal sealed class SqlStatement(string text)
{
    public string Text { get; } = text;

    public override string ToString() => Text;
}
