"""Health services: the rules (one biometric record per day, ranges, legacy columns, summaries).

They take a session (reads) or a UnitOfWork (writes, through `uow.run(work)`) and plain values;
they never see Flask. Every query filters by `user_id`; another user's row is a 404.
"""
