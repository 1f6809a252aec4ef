namespace Backfill.Services.Backfill.Export;

/// <summary>
/// Where MiniExcel writes a workbook. Its zip writer writes synchronously, which Kestrel refuses (and which would hold
/// a thread per download while the client reads). This stream only collects those writes in memory; whoever feeds
/// the rows calls <see cref="DrainAsync"/> between rows, which hands them to the real destination asynchronously. The
/// workbook so streams to the client as it is written, and the memory it takes is one batch of compressed rows.
/// </summary>
internal sealed class SpoolStream(Stream destination) : Stream
{
    private readonly MemoryStream _pending = new();
    private long _position;

    /// <summary>Bytes written but not yet handed on.</summary>
    public long Pending => _pending.Length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Hands everything written so far to the destination; the buffer keeps its size for the next batch.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }

        await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        _pending.SetLength(0);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _pending.Write(buffer);
        _position += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    // Flushing is DrainAsync's job: a flush from the zip writer must not become a synchronous write to the client.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }
}
