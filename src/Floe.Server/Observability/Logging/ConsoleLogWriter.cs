using System.Text;
using System.Threading.Channels;

namespace Floe.Server.Observability.Logging;

/// <summary>
/// Writes formatted log lines to standard output and standard error from one background thread, in
/// order, as many queued lines per write as there are. A quiet server's line is written at once; while
/// lines keep coming, the thread pauses a millisecond between batches, so loggers add to the queue
/// without waking it and a batch is one write call instead of one per line. The queue is bounded; a
/// logger that finds it full waits for room, as ASP.NET's console logger does, so nothing is dropped.
/// </summary>
internal sealed class ConsoleLogWriter : IDisposable
{
    /// <summary>About what ASP.NET's console logger queues (2,500 lines), with room for bursts.</summary>
    private const int Capacity = 10_000;

    /// <summary>A batch is written out once this many bytes are buffered, even if more lines wait.</summary>
    private const int FlushBytes = 64 * 1024;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<Line> _lines = Channel.CreateBounded<Line>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Output _out;
    private readonly Output _error;
    private readonly Thread _writing;

    public ConsoleLogWriter(Stream standardOutput, Stream standardError)
    {
        _out = new Output(standardOutput);
        _error = new Output(standardError);
        _writing = new Thread(WriteLines) { IsBackground = true, Name = "Floe console log" };
        _writing.Start();
    }

    public void Enqueue(string text, bool toError)
    {
        Line line = new(text, toError);
        if (!_lines.Writer.TryWrite(line))
        {
            // Full (or closed, when the process is stopping): wait for room; a closed queue writes directly.
            try
            {
                _lines.Writer.WriteAsync(line).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                lock (_lines)
                {
                    Output output = toError ? _error : _out;
                    output.Append(text);
                    output.Flush();
                }
            }
        }
    }

    /// <summary>Stops taking lines and writes out the ones queued (waiting at most a few seconds).</summary>
    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writing.Join(DrainTimeout);
    }

    private void WriteLines()
    {
        ChannelReader<Line> reader = _lines.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            int written = 0;
            lock (_lines)
            {
                while (reader.TryRead(out Line line))
                {
                    written++;
                    Output output = line.ToError ? _error : _out;
                    output.Append(line.Text);
                    if (output.Buffered >= FlushBytes)
                    {
                        output.Flush();
                    }
                }

                _out.Flush();
                _error.Flush();
            }

            if (written > 1)
            {
                // Busy: let the next lines gather rather than wake this thread for each.
                Thread.Sleep(1);
            }
        }
    }

    private readonly record struct Line(string Text, bool ToError);

    /// <summary>One stream with its UTF-8 buffer; a write that fails (a closed pipe) loses the batch, never the process.</summary>
    private sealed class Output(Stream stream)
    {
        private byte[] _buffer = new byte[FlushBytes * 2];

        public int Buffered { get; private set; }

        public void Append(string text)
        {
            int needed = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (Buffered + needed > _buffer.Length)
            {
                Flush();
                if (needed > _buffer.Length)
                {
                    _buffer = new byte[needed];
                }
            }

            Buffered += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(Buffered));
        }

        public void Flush()
        {
            if (Buffered == 0)
            {
                return;
            }

            try
            {
                stream.Write(_buffer, 0, Buffered);
                stream.Flush();
            }
            catch (IOException)
            {
                // Nobody reads the output any more; the server goes on.
            }
            finally
            {
                Buffered = 0;
            }
        }
    }
}
