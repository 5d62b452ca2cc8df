using System.Reflection;
using Floe.Core.Errors;

namespace Floe.Core.Tests.Errors;

public class RegistryErrorsTests
{
    /// <summary>
    /// The error codes of the OCI distribution-spec v1.1, plus the one code Floe takes from the CNCF
    /// distribution registry where the spec has none (a non-numeric <c>n</c>).
    /// </summary>
    private static readonly HashSet<string> SpecCodes =
    [
        "BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN",
        "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID", "NAME_UNKNOWN", "SIZE_INVALID", "UNAUTHORIZED",
        "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS", "PAGINATION_NUMBER_INVALID",
    ];

    /// <summary>The CNCF distribution registry's codes for the server's own faults, which the spec leaves out.</summary>
    private static readonly HashSet<string> ServerFaultCodes = ["UNAVAILABLE", "UNKNOWN"];

    public static TheoryData<string, RegistryErrorCode> Rows()
    {
        var rows = new TheoryData<string, RegistryErrorCode>();
        foreach (FieldInfo field in TableFields())
        {
            rows.Add(field.Name, (RegistryErrorCode)field.GetValue(null)!);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row_Always_HasKnownCodeStatusOfItsKindAndMessage(string name, RegistryErrorCode row)
    {
        if (ServerFaultCodes.Contains(row.Code))
        {
            Assert.InRange(row.Status, 500, 599);
        }
        else
        {
            Assert.Contains(row.Code, SpecCodes);
            Assert.InRange(row.Status, 400, 499);
        }

        Assert.False(string.IsNullOrWhiteSpace(row.Message), name);
    }

    [Fact]
    public void All_ListsEveryRowOfTheTableOnce()
    {
        RegistryErrorCode[] declared = [.. TableFields().Select(field => (RegistryErrorCode)field.GetValue(null)!)];

        Assert.Equal(declared.Length, RegistryErrors.All.Count);
        Assert.Equal(declared.ToHashSet(ReferenceEqualityComparer.Instance), RegistryErrors.All.ToHashSet(ReferenceEqualityComparer.Instance));
    }

    [Theory]
    [InlineData(nameof(RegistryErrors.BlobUnknown), "BLOB_UNKNOWN", 404)]
    [InlineData(nameof(RegistryErrors.ManifestUnknown), "MANIFEST_UNKNOWN", 404)]
    [InlineData(nameof(RegistryErrors.NameUnknown), "NAME_UNKNOWN", 404)]
    [InlineData(nameof(RegistryErrors.NameInvalid), "NAME_INVALID", 400)]
    [InlineData(nameof(RegistryErrors.DigestInvalid), "DIGEST_INVALID", 400)]
    [InlineData(nameof(RegistryErrors.ManifestInvalid), "MANIFEST_INVALID", 400)]
    [InlineData(nameof(RegistryErrors.Unsupported), "UNSUPPORTED", 405)]
    [InlineData(nameof(RegistryErrors.BlobUploadOutOfOrder), "BLOB_UPLOAD_INVALID", 416)]
    [InlineData(nameof(RegistryErrors.ManifestTooLarge), "MANIFEST_INVALID", 413)]
    [InlineData(nameof(RegistryErrors.Unauthorized), "UNAUTHORIZED", 401)]
    [InlineData(nameof(RegistryErrors.Denied), "DENIED", 403)]
    [InlineData(nameof(RegistryErrors.TooManyRequests), "TOOMANYREQUESTS", 429)]
    [InlineData(nameof(RegistryErrors.StorageFull), "UNAVAILABLE", 503)]
    [InlineData(nameof(RegistryErrors.StorageUnavailable), "UNAVAILABLE", 503)]
    [InlineData(nameof(RegistryErrors.Unknown), "UNKNOWN", 500)]
    public void KeyRow_HasPinnedCodeAndStatus(string name, string code, int status)
    {
        var row = (RegistryErrorCode)typeof(RegistryErrors).GetField(name)!.GetValue(null)!;

        Assert.Equal(code, row.Code);
        Assert.Equal(status, row.Status);
    }

    [Fact]
    public void Message_WithDetail_PrefersDetailOverTableMessage()
    {
        Assert.Equal("layers[0].size is wrong", new RegistryError(RegistryErrors.ManifestInvalid, "layers[0].size is wrong").Message);
        Assert.Equal("manifest invalid", new RegistryError(RegistryErrors.ManifestInvalid).Message);
    }

    private static IEnumerable<FieldInfo> TableFields() =>
        typeof(RegistryErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(RegistryErrorCode));
}
