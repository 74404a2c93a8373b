-- Dead letters are worked through by operations staff: replayed to their original topic (with their original event
-- id, so every consumer that handled the event skips it) or discarded with a reason. Each action is in the platform's
-- operations_audit table; the row keeps its outcome.
alter table dead_letter add column cause varchar(40);
alter table dead_letter add column status varchar(20) not null default 'OPEN';
alter table dead_letter add column resolved_at timestamptz;
alter table dead_letter add column resolved_by varchar(200);
alter table dead_letter add column resolution varchar(1000);
-- Reasons written before causes were named (dead letters of older releases)
update dead_letter set cause = case
    when reason like 'handler failed%' then 'HANDLER_FAILED'
    when reason like 'malformed JSON%' or reason like 'empty message%' or reason like 'envelope lacks%' then 'UNREADABLE'
    when reason like 'unknown event type%' then 'UNKNOWN_TYPE'
    when reason like 'payload of %' then 'SCHEMA_MISMATCH'
    when reason like '% for an application this service does not know' then 'INVARIANT_BROKEN'
    else 'UNKNOWN' end;
create index dead_letter_open on dead_letter (original_topic, cause) where status = 'OPEN';
