using Backfill.Services.Storage;

namespace Backfill.Tests.Storage.Conditional;

/// <summary>
/// Conditional writes (create-if-absent, update-if-unchanged) behave the same on every store: what leases build on.
/// <see cref="SecondStore"/> is another client of the same data (another connection to the file, another HTTP client
/// to the emulator), so races are real.
/// </summary>
public abstract class ConditionalWriteContract
{
    protected abstract IDocumentStore Store { get; }

    protected abstract IDocumentStore SecondStore { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DocumentPath NewDocument() => CollectionPath.Of("c" + Guid.NewGuid().ToString("N")[..12]).Document("lease");

    private static Dictionary<string, object?> Token(long token) => new() { ["token"] = token };

    [Fact]
    public async Task SetWhenUpdatedAt_Unchanged_AppliesAndReturnsTheNewTime()
    {
        var path = NewDocument();
        var created = await Store.CommitWithTimesAsync([Write.Create(path, Token(1))], Ct);

        var updated = await Store.CommitWithTimesAsync([Write.Set(path, Token(2)).When(Precondition.UpdatedAt(created[0]))], Ct);

        var stored = await Store.GetAsync(path, Ct);
        Assert.Equal(2L, stored!.Fields["token"]);
        Assert.Equal(stored.UpdateTime, updated[0]);
        Assert.True(updated[0] > created[0]);
    }

    [Fact]
    public async Task SetWhenUpdatedAt_ChangedByAnother_FailsAndTheCommitChangesNothing()
    {
        var path = NewDocument();
        var other = path.Parent.Document("other");
        var read = (await Store.CommitWithTimesAsync([Write.Create(path, Token(1))], Ct))[0];
        await SecondStore.CommitAsync([Write.Set(path, Token(7))], Ct);

        var failure = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(
            [Write.Set(other, Token(3)), Write.Set(path, Token(2)).When(Precondition.UpdatedAt(read))], Ct));

        Assert.Equal(StoreErrorCode.FailedPrecondition, failure.Code);
        Assert.Equal(7L, (await Store.GetAsync(path, Ct))!.Fields["token"]);
        Assert.Null(await Store.GetAsync(other, Ct));
    }

    [Fact]
    public async Task UpdateWhenUpdatedAt_MissingDocument_FailsPrecondition()
    {
        var path = NewDocument();

        var failure = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(
            [Write.Merge(path, Token(1)).When(Precondition.UpdatedAt(DateTimeOffset.UnixEpoch.AddDays(1)))], Ct));

        Assert.Equal(StoreErrorCode.FailedPrecondition, failure.Code);
        Assert.Null(await Store.GetAsync(path, Ct));
    }

    [Fact]
    public async Task SetWhenMustNotExist_Existing_FailsAlreadyExists()
    {
        var path = NewDocument();
        await Store.CommitAsync([Write.Set(path, Token(1))], Ct);

        var failure = await Assert.ThrowsAsync<StoreException>(() => SecondStore.CommitAsync([Write.Set(path, Token(2)).When(Precondition.MustNotExist)], Ct));

        Assert.Equal(StoreErrorCode.AlreadyExists, failure.Code);
        Assert.Equal(1L, (await Store.GetAsync(path, Ct))!.Fields["token"]);
    }

    [Fact]
    public async Task MergeWhenMustExist_Missing_FailsNotFound()
    {
        var path = NewDocument();

        var failure = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync([Write.Merge(path, Token(1)).When(Precondition.MustExist)], Ct));

        Assert.Equal(StoreErrorCode.NotFound, failure.Code);
    }

    [Fact]
    public async Task DeleteWhenUpdatedAt_Stale_KeepsTheDocument()
    {
        var path = NewDocument();
        var read = (await Store.CommitWithTimesAsync([Write.Set(path, Token(1))], Ct))[0];
        await SecondStore.CommitAsync([Write.Set(path, Token(2))], Ct);

        var failure = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync([Write.Delete(path).When(Precondition.UpdatedAt(read))], Ct));

        Assert.Equal(StoreErrorCode.FailedPrecondition, failure.Code);
        Assert.NotNull(await Store.GetAsync(path, Ct));
    }

    [Fact]
    public async Task CommitWithTimes_UnchangedDocument_ReturnsItsPreviousTime()
    {
        var path = NewDocument();
        var first = (await Store.CommitWithTimesAsync([Write.Set(path, Token(1))], Ct))[0];

        var second = (await Store.CommitWithTimesAsync([Write.Set(path, Token(1)).When(Precondition.UpdatedAt(first))], Ct))[0];

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ReadModifyWrite_TwoClientsRacing_LoseNoIncrement()
    {
        var path = NewDocument();
        await Store.CommitAsync([Write.Create(path, Token(0))], Ct);
        const int PerClient = 15;

        await Task.WhenAll(IncrementAsync(Store), IncrementAsync(SecondStore));

        Assert.Equal(2L * PerClient, (await Store.GetAsync(path, Ct))!.Fields["token"]);

        async Task IncrementAsync(IDocumentStore store)
        {
            for (var done = 0; done < PerClient;)
            {
                var current = (await store.GetAsync(path, Ct))!;
                try
                {
                    await store.CommitAsync([Write.Set(path, Token((long)current.Fields["token"]! + 1)).When(Precondition.UpdatedAt(current.UpdateTime))], Ct);
                    done++;
                }
                catch (StoreException e) when (e.Code == StoreErrorCode.FailedPrecondition)
                {
                    // Lost the race: read again.
                }
            }
        }
    }
}
