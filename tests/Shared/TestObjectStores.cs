using System.Diagnostics;
using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Floe.Storage.Azure;
using Floe.Storage.S3;

namespace Floe.Testing;

/// <summary>
/// The object stores the blob-store tests run against: a real S3 server (Ceph's RADOS Gateway) and
/// Azurite (the Azure Blob emulator). scripts/test.sh starts both and exports where they are
/// (<c>FLOE_TEST_S3_ENDPOINT</c>, <c>FLOE_TEST_S3_ACCESS_KEY</c>, <c>FLOE_TEST_S3_SECRET_KEY</c>;
/// <c>FLOE_TEST_AZURE</c>, a connection string); when a variable is unset (a test run by hand), the first
/// test that needs the store starts it with scripts/ceph-rgw.sh or scripts/azurite.sh and stops it when
/// the test process ends. A store that cannot be started fails the test with the script's message.
/// Every test takes a key prefix of its own in one shared bucket or container, so tests never see each
/// other's objects. This file is linked into every test project that uses an object store.
/// </summary>
internal static class TestObjectStores
{
    public const string S3EndpointVariable = "FLOE_TEST_S3_ENDPOINT";
    public const string AzureVariable = "FLOE_TEST_AZURE";

    /// <summary>The bucket (S3) and container (Azure) the tests share.</summary>
    public const string Bucket = "floe-tests";

    private static readonly Lazy<S3Server> S3 = new(StartOrFindS3, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Azure = new(StartOrFindAzure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A fresh key prefix, <c>t-&lt;guid&gt;/</c>.</summary>
    public static string NewPrefix() => "t-" + Guid.NewGuid().ToString("N") + "/";

    /// <summary>Options for an S3 store over the test bucket under <paramref name="prefix"/>.</summary>
    public static S3BlobStoreOptions S3Options(string prefix) => new()
    {
        Endpoint = S3.Value.Endpoint,
        Bucket = Bucket,
        Prefix = prefix,
        AccessKey = S3.Value.AccessKey,
        SecretKey = S3.Value.SecretKey,
    };

    /// <summary>Options for an Azure store over the test container under <paramref name="prefix"/>.</summary>
    public static AzureBlobStoreOptions AzureOptions(string prefix) => new()
    {
        ConnectionString = Azure.Value,
        Container = Bucket,
        Prefix = prefix,
    };

    /// <summary>The settings that put a server's blobs in the test bucket under <paramref name="prefix"/>.</summary>
    public static Dictionary<string, string> S3Settings(string prefix) => new(StringComparer.Ordinal)
    {
        ["BlobStore"] = "s3",
        ["S3Endpoint"] = S3.Value.Endpoint,
        ["S3Bucket"] = Bucket,
        ["S3Prefix"] = prefix,
        ["S3AccessKey"] = S3.Value.AccessKey,
        ["S3SecretKey"] = S3.Value.SecretKey,
    };

    /// <summary>The settings that put a server's blobs in the test container under <paramref name="prefix"/>.</summary>
    public static Dictionary<string, string> AzureSettings(string prefix) => new(StringComparer.Ordinal)
    {
        ["BlobStore"] = "azure",
        ["AzureConnectionString"] = Azure.Value,
        ["AzureContainer"] = Bucket,
        ["AzurePrefix"] = prefix,
    };

    /// <summary>Every key under <paramref name="prefix"/> in the test bucket.</summary>
    public static List<string> ListS3Keys(string prefix)
    {
        using AmazonS3Client client = S3BlobServiceCollectionExtensions.CreateClient(S3Options(prefix));
        List<string> keys = [];
        ListObjectsV2Request request = new() { BucketName = Bucket, Prefix = prefix };
        while (true)
        {
            ListObjectsV2Response page = client.ListObjectsV2Async(request).GetAwaiter().GetResult();
            keys.AddRange((page.S3Objects ?? []).Select(item => item.Key));
            if (page.IsTruncated != true)
            {
                return keys;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>
    /// Starts a multipart upload on <paramref name="key"/> (a whole key in the test bucket) and stores one
    /// 1 MiB part of it, as a node that died in the middle of a commit leaves it; answers its upload id.
    /// </summary>
    public static string StartS3MultipartUpload(string key)
    {
        using AmazonS3Client client = S3BlobServiceCollectionExtensions.CreateClient(S3Options(string.Empty));
        string uploadId = client.InitiateMultipartUploadAsync(Bucket, key).GetAwaiter().GetResult().UploadId;
        using MemoryStream part = new(new byte[1 << 20]);
        client.UploadPartAsync(new UploadPartRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartNumber = 1, InputStream = part })
            .GetAwaiter().GetResult();
        return uploadId;
    }

    /// <summary>The keys of the multipart uploads in progress under <paramref name="prefix"/>, in key order.</summary>
    public static List<string> ListS3MultipartUploads(string prefix) =>
        [.. MultipartUploads(prefix).Select(upload => upload.Key).Order(StringComparer.Ordinal)];

    /// <summary>Removes every object under <paramref name="prefix"/> (the test's own), and aborts its multipart uploads.</summary>
    public static void DeleteS3Prefix(string prefix)
    {
        using AmazonS3Client client = S3BlobServiceCollectionExtensions.CreateClient(S3Options(prefix));
        foreach (MultipartUpload upload in MultipartUploads(prefix))
        {
            client.AbortMultipartUploadAsync(Bucket, upload.Key, upload.UploadId).GetAwaiter().GetResult();
        }

        foreach (string[] batch in ListS3Keys(prefix).Chunk(1000))
        {
            client.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = Bucket,
                Objects = [.. batch.Select(key => new KeyVersion { Key = key })],
            }).GetAwaiter().GetResult();
        }
    }

    private static List<MultipartUpload> MultipartUploads(string prefix)
    {
        using AmazonS3Client client = S3BlobServiceCollectionExtensions.CreateClient(S3Options(prefix));
        List<MultipartUpload> uploads = [];
        ListMultipartUploadsRequest request = new() { BucketName = Bucket, Prefix = prefix };
        while (true)
        {
            ListMultipartUploadsResponse page = client.ListMultipartUploadsAsync(request).GetAwaiter().GetResult();
            uploads.AddRange(page.MultipartUploads ?? []);
            if (page.IsTruncated != true)
            {
                return uploads;
            }

            (request.KeyMarker, request.UploadIdMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
    }

    /// <summary>Every blob name under <paramref name="prefix"/> in the test container, blobs with staged blocks only included.</summary>
    public static List<string> ListAzureNames(string prefix) =>
        [.. Container().GetBlobs(new GetBlobsOptions { Prefix = prefix, States = BlobStates.Uncommitted }).Select(item => item.Name)];

    /// <summary>Removes every blob under <paramref name="prefix"/> (the test's own).</summary>
    public static void DeleteAzurePrefix(string prefix)
    {
        BlobContainerClient container = Container();
        foreach (string name in ListAzureNames(prefix))
        {
            container.DeleteBlobIfExists(name);
        }
    }

    private static BlobContainerClient Container() => new(Azure.Value, Bucket);

    /// <summary>
    /// An Azurite of the test's own (for a test that stops it), with the test container created: its
    /// connection string, and the directory to give <see cref="StopPrivateAzurite"/>.
    /// </summary>
    public static (string ConnectionString, string Directory) StartPrivateAzurite()
    {
        Dictionary<string, string> values = ParseExports(Run(FindScript("azurite.sh"), "up"));
        new BlobContainerClient(values[AzureVariable], Bucket).CreateIfNotExists();
        return (values[AzureVariable], values["FLOE_TEST_AZURE_DIR"]);
    }

    public static void StopPrivateAzurite(string directory) => Run(FindScript("azurite.sh"), "down", directory);

    /// <summary>
    /// A Ceph S3 gateway of the test's own (for a test that stops it), with the test bucket created: the
    /// settings of <see cref="S3Settings"/> pointed at it, and the directory to give <see cref="StopPrivateS3"/>.
    /// </summary>
    public static (Dictionary<string, string> Settings, string Directory) StartPrivateS3(string prefix)
    {
        Dictionary<string, string> values = ParseExports(Run(FindScript("ceph-rgw.sh"), "up"));
        S3BlobStoreOptions options = new()
        {
            Endpoint = values[S3EndpointVariable],
            Bucket = Bucket,
            AccessKey = values["FLOE_TEST_S3_ACCESS_KEY"],
            SecretKey = values["FLOE_TEST_S3_SECRET_KEY"],
        };
        using (AmazonS3Client client = S3BlobServiceCollectionExtensions.CreateClient(options))
        {
            client.PutBucketAsync(Bucket).GetAwaiter().GetResult();
        }

        Dictionary<string, string> settings = new(StringComparer.Ordinal)
        {
            ["BlobStore"] = "s3",
            ["S3Endpoint"] = options.Endpoint,
            ["S3Bucket"] = Bucket,
            ["S3Prefix"] = prefix,
            ["S3AccessKey"] = options.AccessKey,
            ["S3SecretKey"] = options.SecretKey,
        };
        return (settings, values["FLOE_TEST_S3_DIR"]);
    }

    /// <summary>Stops a gateway of <see cref="StartPrivateS3"/> (again: a second stop does nothing).</summary>
    public static void StopPrivateS3(string directory) => Run(FindScript("ceph-rgw.sh"), "down", directory);

    private sealed record S3Server(string Endpoint, string AccessKey, string SecretKey);

    private static S3Server StartOrFindS3()
    {
        string? endpoint = Environment.GetEnvironmentVariable(S3EndpointVariable);
        Dictionary<string, string> values;
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            values = new(StringComparer.Ordinal)
            {
                [S3EndpointVariable] = endpoint,
                ["FLOE_TEST_S3_ACCESS_KEY"] = Environment.GetEnvironmentVariable("FLOE_TEST_S3_ACCESS_KEY") ?? string.Empty,
                ["FLOE_TEST_S3_SECRET_KEY"] = Environment.GetEnvironmentVariable("FLOE_TEST_S3_SECRET_KEY") ?? string.Empty,
            };
        }
        else
        {
            string script = FindScript("ceph-rgw.sh");
            values = ParseExports(Run(script, "up"));
            string directory = values["FLOE_TEST_S3_DIR"];
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "down", directory);
        }

        S3Server server = new(values[S3EndpointVariable], values["FLOE_TEST_S3_ACCESS_KEY"], values["FLOE_TEST_S3_SECRET_KEY"]);
        using AmazonS3Client client = S3BlobServiceCollectionExtensions.CreateClient(new S3BlobStoreOptions
        {
            Endpoint = server.Endpoint,
            Bucket = Bucket,
            AccessKey = server.AccessKey,
            SecretKey = server.SecretKey,
        });
        try
        {
            client.PutBucketAsync(Bucket).GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }

        return server;
    }

    private static string StartOrFindAzure()
    {
        string? connectionString = Environment.GetEnvironmentVariable(AzureVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            string script = FindScript("azurite.sh");
            Dictionary<string, string> values = ParseExports(Run(script, "up"));
            string directory = values["FLOE_TEST_AZURE_DIR"];
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "down", directory);
            connectionString = values[AzureVariable];
        }

        new BlobContainerClient(connectionString, Bucket).CreateIfNotExists();
        return connectionString;
    }

    private static string FindScript(string name)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "scripts", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"scripts/{name} was not found above {AppContext.BaseDirectory}; set its variables instead (scripts/test.sh does).");
    }

    private static string Run(string script, params string[] arguments)
    {
        ProcessStartInfo start = new("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"{script} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}"));
        }

        return output;
    }

    /// <summary>Lines <c>export NAME='value'</c>.</summary>
    private static Dictionary<string, string> ParseExports(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''), StringComparer.Ordinal);
}
