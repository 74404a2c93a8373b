-- Nonces of the face-verification verdicts that issued an electronic card: each verdict is accepted once.
create table face_check_nonce (
    nonce       varchar(100) primary key,
    card_number varchar(9)   not null,
    used_at     timestamptz  not null
);
create index face_check_nonce_used_at on face_check_nonce (used_at);

-- The reference is now the provider's check id (jti) of the verdict.
comment on column electronic_card.face_check_ref is 'jti of the face-verification verdict that issued it';
