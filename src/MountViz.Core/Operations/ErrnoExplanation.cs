using System.Text;

namespace MountViz.Core.Operations;

/// <summary>
/// Why an operation failed, for the result a user reads: the errno with its meaning, what to do
/// for this kind of operation (<see cref="ErrnoHints"/>), and, when the mount tables tell it,
/// which precondition failed (<see cref="Cause"/>).
/// </summary>
/// <param name="Errno">The errno the kernel returned.</param>
/// <param name="Hint">What to do, for this operation and errno; null when there is no specific advice.</param>
/// <param name="Cause">The precondition that failed, when known.</param>
public sealed record ErrnoExplanation(ErrnoInfo Errno, string? Hint, FailureCause? Cause = null)
{
    /// <summary>Explains errno <paramref name="number"/> returned by <paramref name="operation"/>.</summary>
    public static ErrnoExplanation For(Operation operation, int number, FailureCause? cause = null)
    {
        ErrnoInfo errno = ErrnoTable.Get(number);
        return new ErrnoExplanation(errno, ErrnoHints.For(operation, errno.Name), cause);
    }

    /// <summary>
    /// One paragraph: <c>EINVAL (Invalid argument): meaning. Cause: ... What to do: ...</c>,
    /// the cause's fix taking the place of the generic hint when there is one.
    /// </summary>
    public string Message
    {
        get
        {
            var text = new StringBuilder().Append(Errno).Append(": ").Append(Errno.Meaning);
            if (Cause is not null)
            {
                text.Append(" Cause: ").Append(Cause.Explanation);
            }

            string? todo = Cause?.Fix ?? Hint;
            if (todo is not null)
            {
                text.Append(" What to do: ").Append(todo);
            }

            return text.ToString();
        }
    }

    /// <summary>The <see cref="Message"/>.</summary>
    public override string ToString() => Message;
}
