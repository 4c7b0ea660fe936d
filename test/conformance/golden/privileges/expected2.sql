drop view "public"."any_other_view";

grant select on table "public"."any_table" to "postgres";
