"""May it go live: a written release policy judged pass / warn / fail on interval bounds."""
