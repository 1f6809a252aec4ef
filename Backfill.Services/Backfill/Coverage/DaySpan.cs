namespace Backfill.Services.Backfill.Coverage;

/// <summary>An inclusive run of account-local days.</summary>
public readonly record struct DaySpan(DateOnly First, DateOnly Last)
{
    public int Days => Last.DayNumber - First.DayNumber + 1;

    public bool Contains(DateOnly day) => day >= First && day <= Last;
}
