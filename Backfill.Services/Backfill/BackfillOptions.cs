using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Backfill;

/// <summary>Settings of the backfill coordinator and engine (configuration section <c>Backfill</c>).</summary>
public sealed class BackfillOptions
{
    public const string SectionName = "Backfill";

    /// <summary>Clients backfilled at the same time. Default 4.</summary>
    [Range(1, 64)]
    public int MaxParallelClients { get; set; } = 4;

    /// <summary>The client start-all's test mode runs alone, to prove one client before all. Default <c>rogue-creamery</c>.</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9_-]{0,62}$")]
    public string TestClientId { get; set; } = "rogue-creamery";

    /// <summary>
    /// This app instance's id, written into the status of every run it holds the lease of (see Backfill/Leases).
    /// Default: <c>{host name}-{process id}</c>, unique per process; set it only to something unique per process.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string? InstanceId { get; set; }

    /// <summary>Pending commands (start, cancel, …) before callers wait. Default 256.</summary>
    [Range(1, 100_000)]
    public int CommandQueueCapacity { get; set; } = 256;

    /// <summary>Least time between two progress snapshots of a running job; state changes are published at once. Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Days are checkpointed in chunks of at least this many writes… Default 0: every finished day is a checkpoint
    /// (the next day is written while the previous one drains, so this costs little).
    /// </summary>
    [Range(0, 1_000_000)]
    public int CheckpointWrites { get; set; }

    /// <summary>…or once this much time has passed since the last one. Default 3 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Least time between two checkpoint writes of a client's status document (Firestore sustains about one write a
    /// second to one document); a checkpoint that comes sooner is skipped (the last one is written when the days are
    /// done). Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StatusWriteInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Days read and prepared ahead of the one being written (its orders cut from the stream, its stored orders read,
    /// every order made ready to store), so that work runs while a day waits for its campaign and flow statistics.
    /// Default 8: a refresh's default lookback and today, all prepared while its first day waits for Klaviyo's aggregates.
    /// </summary>
    [Range(1, 366)]
    public int LookaheadDays { get; set; } = 8;

    /// <summary>
    /// …and beyond the next day at most this many orders to write held ahead (orders a refresh reads unchanged hold
    /// nothing), which bounds the lookahead's memory on busy accounts. Default 1,000 (about 4 MB of documents).
    /// </summary>
    [Range(0, 1_000_000)]
    public int LookaheadOrders { get; set; } = 1_000;

    /// <summary>
    /// A run whose refund window (its days to now, and a refresh's refund lookback) is at most this many days reads
    /// every Refunded and Cancelled Order event before its first day, in parallel slices. A longer one reads them in
    /// time order as its days advance, <see cref="RefundReadAheadDays"/> ahead of the day being written, so it holds a
    /// few months of them rather than ten years'. Default 366.
    /// </summary>
    [Range(0, 3660)]
    public int WholeRefundWindowDays { get; set; } = 366;

    /// <summary>
    /// How far past the day being written a run that reads its refunds as it goes has read them: a refund that comes
    /// later than this after its order is applied to the stored order by the run's last pass (as one for an order
    /// outside its days is), not with its day. Default 90 (Shopify's refunds mostly come within weeks).
    /// </summary>
    [Range(1, 3660)]
    public int RefundReadAheadDays { get; set; } = 90;

    /// <summary>Time slices of the order stream fetched at once; null uses <c>Klaviyo:EventSliceParallelism</c>.</summary>
    [Range(1, 32)]
    public int? EventSliceParallelism { get; set; }
}
