using System.Data.Common;

namespace Floe.Core.Metadata.Copy;

/// <summary>
/// A consistent, read-only view of every table of one metadata store, for copying it table by table
/// into another backend (<c>floe metadata copy</c>, docs/design/metadata-copy.md). A backend that can
/// be copied from implements it; a backend that can be copied to reads it. Neither knows the other:
/// they meet on table and column names, which every metadata schema shares.
/// Every read sees the same snapshot of the store, taken when the source was opened.
/// </summary>
public interface IMetadataTableSource : IAsyncDisposable
{
    /// <summary>What is being copied, for messages: backend, location and schema version.</summary>
    string Description { get; }

    /// <summary>Every table of the store with its stored columns (generated columns left out), by name.</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> Tables { get; }

    /// <summary>
    /// Every row of <paramref name="table"/>, with <paramref name="columns"/> in that order. Values are
    /// <see cref="long"/> (integers, flags and Unix-millisecond timestamps), <see cref="string"/>,
    /// <see cref="byte"/> arrays, or <see cref="DBNull"/>.
    /// </summary>
    ValueTask<DbDataReader> ReadAsync(string table, IReadOnlyList<string> columns, CancellationToken cancellationToken);

    /// <summary>
    /// The highest <c>id</c> the store has ever given a row of <paramref name="table"/> (0 if none),
    /// including rows since deleted: ids are never reused, so the target must continue past it.
    /// </summary>
    ValueTask<long> HighestIdAsync(string table, CancellationToken cancellationToken);
}
