alter table "public"."table2" add column "t" text;
