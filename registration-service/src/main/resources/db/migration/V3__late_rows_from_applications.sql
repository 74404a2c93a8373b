-- A roster row that is accepted but registered late (hired more than 30 days before the upload) is no longer
-- copied into roster_row_result: its application records that itself (late_registration), and the results view
-- reads late rows from there through this index. On a large roster a third of the rows may be late; this spares
-- a result row, its key and its message for each of them.
create index application_roster_late on application (roster_id, roster_row)
    where late_registration and roster_id is not null;
delete from roster_row_result where outcome = 'LATE';
