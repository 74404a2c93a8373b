-- The collection outlets (service points of the social insurance agency), maintained by administrators. An
-- application names one; a closed outlet takes no new applications but keeps the ones it has.
create table outlet (
    code        varchar(17) primary key,  -- issuing region (6 digits), a hyphen, the outlet number
    name        varchar(100) not null,
    address     varchar(200) not null,
    region_code varchar(6) not null,
    hours       varchar(200) not null,
    open        boolean not null,
    changed_at  timestamptz not null,
    changed_by  varchar(100) not null
);
create index outlet_region on outlet (region_code, code);

-- Every change an administrator made, kept.
create table outlet_change (
    id         bigserial primary key,
    code       varchar(17) not null references outlet (code),
    changed_at timestamptz not null,
    changed_by varchar(100) not null,
    change     varchar(500) not null
);
create index outlet_change_code on outlet_change (code, id);
