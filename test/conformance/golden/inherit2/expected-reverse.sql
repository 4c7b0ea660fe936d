alter table "public"."timestamp_base" add column "e" integer;

alter table "public"."a" add column "a2" integer;
