"""Finance: chart of accounts, double-entry journal, reports, schedule, receivables."""
