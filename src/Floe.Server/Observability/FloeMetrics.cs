using Floe.Core.Metadata.ControlPlane;
using Prometheus;

namespace Floe.Server.Observability;

/// <summary>How a login attempt ended, as the <c>result</c> label of <c>floe_logins_total</c>.</summary>
internal enum LoginMetricResult
{
    Success,
    Failure,
    Throttled,
    PolicyRefused,
}

/// <summary>How a caller proved who they are, as the <c>method</c> label of <c>floe_logins_total</c>.</summary>
internal enum LoginMetricMethod
{
    Password,
    Pat,
    KeyPair,
    SessionToken,
}

/// <summary>
/// The server's Prometheus metrics (docs/configuration.md, "Metrics"), in a registry of their own so
/// that every server in a process reports only itself. Labels take values from fixed sets only — never a
/// repository, user or account name — and every labelled series is created up front, so recording is a
/// lookup in an array and an interlocked add: nothing is allocated per request.
/// </summary>
internal sealed class FloeMetrics
{
    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly Counter.Child[][] requests;
    private readonly Histogram.Child[] durations;
    private readonly Counter.Child[][] logins;
    private readonly Counter uploadBytes;
    private readonly Counter blobBytesSent;
    private readonly Gauge uploadsInProgress;
    private readonly Counter.Child statementsExecuted;
    private readonly Counter.Child statementsFailed;
    private readonly Counter.Child gcRunsSucceeded;
    private readonly Counter.Child gcRunsFailed;
    private readonly Counter gcBlobsDeleted;
    private readonly Counter gcBytesReclaimed;
    private readonly Counter gcCandidatesSkipped;
    private readonly Histogram gcRunDuration;

    public FloeMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        IMetricFactory factory = Metrics.WithCustomRegistry(Registry);
        // The library's default attaches the current trace as an exemplar to every observation: work on the hot
        // path that the text format never shows.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        RequestOperation[] operations = [.. Enum.GetValues<RequestOperation>().Where(operation => operation != RequestOperation.None)];

        Counter requestCounter = factory.CreateCounter(
            "floe_http_requests_total", "Requests to the registry, token and SQL endpoints, by operation and status class.",
            ["operation", "status"]);
        Histogram durationHistogram = factory.CreateHistogram(
            "floe_http_request_duration_seconds", "Time to answer a request, from routing to the last byte written, by operation.",
            ["operation"],
            new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        requests = new Counter.Child[operations.Max(operation => (int)operation) + 1][];
        durations = new Histogram.Child[requests.Length];
        foreach (RequestOperation operation in operations)
        {
            string label = Label(operation);
            requests[(int)operation] = [.. StatusClasses.Select(status => requestCounter.WithLabels(label, status))];
            durations[(int)operation] = durationHistogram.WithLabels(label);
        }

        Counter loginCounter = factory.CreateCounter(
            "floe_logins_total", "Login attempts by authentication method and result.", ["method", "result"]);
        logins = [.. Enum.GetValues<LoginMetricMethod>().Select(method =>
            Enum.GetValues<LoginMetricResult>().Select(result => loginCounter.WithLabels(Label(method), Label(result))).ToArray())];

        uploadBytes = factory.CreateCounter("floe_upload_bytes_received_total", "Blob bytes received in uploads.");
        blobBytesSent = factory.CreateCounter("floe_blob_bytes_sent_total", "Blob bytes sent in answers to blob GET requests.");
        uploadsInProgress = factory.CreateGauge(
            "floe_uploads_in_progress", "Blob uploads open in the registry: started, and not yet completed, cancelled or swept.");
        Counter statements = factory.CreateCounter("floe_sql_statements_total", "SQL statements run, by result.", ["result"]);
        statementsExecuted = statements.WithLabels("success");
        statementsFailed = statements.WithLabels("failure");

        Counter gcRuns = factory.CreateCounter("floe_gc_runs_total", "Garbage collection runs on this node, by outcome.", ["outcome"]);
        gcRunsSucceeded = gcRuns.WithLabels("success");
        gcRunsFailed = gcRuns.WithLabels("failure");
        gcBlobsDeleted = factory.CreateCounter("floe_gc_blobs_deleted_total", "Blobs garbage collection removed (bytes and record).");
        gcBytesReclaimed = factory.CreateCounter("floe_gc_bytes_reclaimed_total", "Bytes of blob content garbage collection removed.");
        gcCandidatesSkipped = factory.CreateCounter(
            "floe_gc_candidates_skipped_total", "Unreferenced blobs a collection kept because a push claimed or linked them meanwhile.");
        gcRunDuration = factory.CreateHistogram(
            "floe_gc_run_duration_seconds", "How long a garbage collection run took.",
            new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900] });
    }

    /// <summary>The registry <c>/metrics</c> exposes.</summary>
    public CollectorRegistry Registry { get; }

    public void RecordRequest(RequestOperation operation, int status, double seconds)
    {
        int statusClass = Math.Clamp(status / 100, 1, 5) - 1;
        requests[(int)operation][statusClass].Inc();
        durations[(int)operation].Observe(seconds);
    }

    public void RecordUploadBytes(long bytes)
    {
        if (bytes > 0)
        {
            uploadBytes.Inc(bytes);
        }
    }

    public void RecordBlobBytesSent(long bytes)
    {
        if (bytes > 0)
        {
            blobBytesSent.Inc(bytes);
        }
    }

    /// <summary>
    /// Reads the open uploads from <paramref name="count"/> at each scrape: the store knows them whichever
    /// node started them and across restarts, which a count kept in memory would not.
    /// </summary>
    public void CountUploadsWith(Func<CancellationToken, Task<long>> count) =>
        Registry.AddBeforeCollectCallback(async cancellationToken => uploadsInProgress.Set(await count(cancellationToken)));

    public void RecordLogin(LoginMetricMethod method, LoginMetricResult result) => logins[(int)method][(int)result].Inc();

    /// <summary>The method label for a login whose secret was identified as <paramref name="identified"/>, else the one tried.</summary>
    public static LoginMetricMethod MethodOf(AuthenticationMethods identified, AuthenticationMethods attempted) =>
        (identified == AuthenticationMethods.None ? attempted : identified) switch
        {
            AuthenticationMethods.KeyPair => LoginMetricMethod.KeyPair,
            AuthenticationMethods.ProgrammaticAccessToken => LoginMetricMethod.Pat,
            _ => LoginMetricMethod.Password,
        };

    public void RecordStatements(int succeeded, bool failed)
    {
        if (succeeded > 0)
        {
            statementsExecuted.Inc(succeeded);
        }

        if (failed)
        {
            statementsFailed.Inc();
        }
    }

    public void RecordCollection(Maintenance.CollectionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        gcRunsSucceeded.Inc();
        gcBlobsDeleted.Inc(summary.BlobsDeleted);
        gcBytesReclaimed.Inc(summary.BytesReclaimed);
        gcCandidatesSkipped.Inc(summary.Skipped);
        gcRunDuration.Observe(summary.Duration.TotalSeconds);
    }

    public void RecordFailedCollection() => gcRunsFailed.Inc();

    public static string Label(RequestOperation operation) => operation switch
    {
        RequestOperation.Base => "base",
        RequestOperation.Catalog => "catalog",
        RequestOperation.ManifestGet => "manifest_get",
        RequestOperation.ManifestHead => "manifest_head",
        RequestOperation.ManifestPut => "manifest_put",
        RequestOperation.BlobGet => "blob_get",
        RequestOperation.BlobHead => "blob_head",
        RequestOperation.UploadStart => "upload_start",
        RequestOperation.UploadChunk => "upload_chunk",
        RequestOperation.UploadComplete => "upload_complete",
        RequestOperation.UploadStatus => "upload_status",
        RequestOperation.UploadCancel => "upload_cancel",
        RequestOperation.TagsList => "tags_list",
        RequestOperation.Referrers => "referrers",
        RequestOperation.RegistryOther => "registry_other",
        RequestOperation.Token => "token",
        RequestOperation.Sql => "sql",
        _ => "none",
    };

    private static string Label(LoginMetricMethod method) => method switch
    {
        LoginMetricMethod.Pat => "pat",
        LoginMetricMethod.KeyPair => "keypair",
        LoginMetricMethod.SessionToken => "session_token",
        _ => "password",
    };

    private static string Label(LoginMetricResult result) => result switch
    {
        LoginMetricResult.Failure => "failure",
        LoginMetricResult.Throttled => "throttled",
        LoginMetricResult.PolicyRefused => "policy_refused",
        _ => "success",
    };
}
