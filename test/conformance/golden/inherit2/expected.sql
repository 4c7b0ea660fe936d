alter table "public"."a" drop column "a2";

alter table "public"."timestamp_base" drop column "e";

alter table "public"."a" add column "e" integer;
