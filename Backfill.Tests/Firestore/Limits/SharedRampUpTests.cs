using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Firestore;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Firestore.Limits;

/// <summary>The 500/50/5 ramp-up is per database: every bulk writer of the process waits on one limiter.</summary>
public sealed class SharedRampUpTests(FirestoreEmulator emulator)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AddFirestoreStore_EveryBulkWriter_WaitsOnTheOneSingletonLimiter()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Firestore:ProjectId"] = FirestoreEmulator.NewProjectId("ramp"),
            ["Firestore:EmulatorHost"] = emulator.Host,
        }).Build());
        services.AddLogging();
        services.AddFirestoreStore();
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<FirestoreDocumentStore>();

        await using var first = (FirestoreBulkWriter)store.CreateBulkWriter(new BulkWriterOptions { RampUp = true });
        await using var second = (FirestoreBulkWriter)store.CreateBulkWriter(new BulkWriterOptions { RampUp = true });

        Assert.NotNull(first.RampUp);
        Assert.Same(provider.GetRequiredService<RampUpRateLimiter>(), first.RampUp);
        Assert.Same(first.RampUp, second.RampUp);
    }

    [Fact]
    public async Task TwoWriters_OneSecondsBudgetSpentByTheFirst_TheSecondWaitsForTheRefill()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 0));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(), time, primaryHandler: handler);
        var options = new BulkWriterOptions { RampUp = true, MaxBatchSize = 500 };
        await using var first = store.CreateBulkWriter(options);
        await using var second = store.CreateBulkWriter(options);

        for (var i = 0; i < 500; i++)
        {
            await first.AddAsync(Set("a", i), TestContext.Current.CancellationToken);
        }

        await first.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken);
        for (var i = 0; i < 500; i++)
        {
            await second.AddAsync(Set("b", i), TestContext.Current.CancellationToken);
        }

        var flush = second.FlushAsync(TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        Assert.False(flush.IsCompleted);
        Assert.Single(handler.Requests);
        time.Advance(TimeSpan.FromSeconds(1));
        await flush.WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.Equal(2, handler.Requests.Count);
    }

    private static Write Set(string prefix, int i) => Write.Set(DocumentPath.Of("c", $"{prefix}{i}"), new Dictionary<string, object?> { ["i"] = (long)i });
}
