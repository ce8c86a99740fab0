"""Projects services: projects (with progress), tasks (status, due, overdue) and time logs."""
