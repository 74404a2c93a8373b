-- Issue 4: what registration told us about the materials and the employer, for the automated checks.
alter table review_task
    add column materials           text,
    add column employer_registered boolean;

-- The reason catalogue, maintained by administrators. Built-in codes are the ones automated checks give; their
-- words can change, but they cannot be retired.
create table reason (
    code       varchar(40) primary key,
    zh         varchar(200) not null,
    en         varchar(300) not null,
    active     boolean not null default true,
    built_in   boolean not null default false,
    updated_at timestamptz not null default now(),
    updated_by varchar(100) not null default 'migration'
);
insert into reason (code, zh, en, built_in) values
    ('ID_NUMBER_INVALID', '身份证号码无效或与证件不符', 'The ID number is not valid or does not match the ID document', true),
    ('ID_DOCUMENT_UNREADABLE', '身份证件图像不清晰，无法辨认', 'The image of the ID card cannot be read', false),
    ('PHOTO_NOT_COMPLIANT', '照片不符合要求：近期一寸白底免冠彩色照片，358×441像素', 'The photo does not meet the specification: a recent one-inch bareheaded colour photo on white, 358 × 441 px', true),
    ('MATERIALS_INCOMPLETE', '申请材料不齐全', 'Required materials are missing', true),
    ('INFORMATION_MISMATCH', '申请信息与证件信息不一致', 'The details in the application do not match the documents', false),
    ('DUPLICATE_APPLICATION', '您已有在办申请或有效社保卡', 'You already have an open application or a valid card', true),
    ('GUARDIAN_MISSING', '未满16周岁须由监护人申请并提供关系证明', 'Applicants under 16 need a guardian and proof of the relationship', true),
    ('EMPLOYER_NOT_REGISTERED', '用人单位未办理社会保险登记，请单位先行登记', 'The employer has not registered for social insurance; the employer must register first', true),
    ('NOT_ELIGIBLE', '不符合本地社保卡申领条件', 'Not eligible for a card in this region', false),
    ('OTHER', '其他原因，详见审核意见', 'Another reason; see the reviewer''s comment', true);
